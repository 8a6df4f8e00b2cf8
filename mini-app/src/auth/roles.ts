// What a person's roles allow, from the server's /me. Plain functions (no React): main.tsx uses them before the app
// has loaded, to start the first screen's calls.
import type { Me, Role } from '../api/types';

export function rolesOf(me: Me | null): Set<Role> {
  return new Set((me?.roles ?? []).map((r) => r.role));
}

export const isStaff = (me: Me | null) => rolesOf(me).size > 0;
export const isLeader = (me: Me | null) => rolesOf(me).has('leader') || rolesOf(me).has('admin');
/** A leader who holds no officer or admin role: they see items read-only. */
export const isLeaderOnly = (me: Me | null) => rolesOf(me).has('leader') && !rolesOf(me).has('officer') && !rolesOf(me).has('admin');

/** The units where the person holds a given role (an officer usually has one). */
export function unitsWithRole(me: Me | null, roles: Role[]): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const r of me?.roles ?? []) if (roles.includes(r.role)) seen.set(r.unit, r.unitName ?? r.unit);
  return [...seen].map(([code, name]) => ({ code, name }));
}
