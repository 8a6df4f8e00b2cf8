// Who is calling, and the pure rules of what each role may see and do.
import type { StaffRole } from '../../../../db/schema.js';

export interface RoleGrant {
  unitId: number;
  unitCode: string;
  unitName: string;
  /** Materialised path of the unit ("/1/4/"), so subtree checks are string prefixes. */
  unitPath: string;
  role: StaffRole;
}

export type Actor =
  | { kind: 'anonymous' }
  /** ADMIN_API_TOKEN or an Open311 integration key. */
  | { kind: 'system'; label: string; admin: boolean; integrationId?: number; channel?: string }
  | { kind: 'user'; userId: number; name: string; roles: RoleGrant[] };

export type UnitRef = { id: number; path: string };

export function isAdmin(actor: Actor): boolean {
  if (actor.kind === 'system') return actor.admin;
  return actor.kind === 'user' && actor.roles.some((r) => r.role === 'admin');
}

export function isStaff(actor: Actor): boolean {
  return isAdmin(actor) || (actor.kind === 'user' && actor.roles.length > 0);
}

export function isCitizen(actor: Actor): actor is Extract<Actor, { kind: 'user' }> {
  return actor.kind === 'user' && actor.roles.length === 0;
}

export function actorUserId(actor: Actor): number | null {
  return actor.kind === 'user' ? actor.userId : null;
}

export function actorLabel(actor: Actor): string {
  if (actor.kind === 'user') return actor.name;
  if (actor.kind === 'system') return actor.label;
  return 'anonymous';
}

/** Officers handle their own unit's items; leaders their unit's subtree; admins everything. */
export function canHandleUnit(actor: Actor, unit: UnitRef): boolean {
  if (isAdmin(actor)) return true;
  if (actor.kind !== 'user') return false;
  return actor.roles.some(
    (r) =>
      (r.role === 'officer' && r.unitId === unit.id) || (r.role === 'leader' && unit.path.startsWith(r.unitPath)),
  );
}

/**
 * Who may apply handling actions (accept, answer, transfer…): the officers of the handling unit and admins. A leader
 * sees their subtree's items read-only, unless they also hold the officer role of that unit.
 */
export function canActOnUnit(actor: Actor, unit: UnitRef): boolean {
  if (isAdmin(actor)) return true;
  return actor.kind === 'user' && actor.roles.some((r) => r.role === 'officer' && r.unitId === unit.id);
}

/** Leaders (and admins) see indicators and reports for their subtree. */
export function canLeadUnit(actor: Actor, unit: UnitRef): boolean {
  if (isAdmin(actor)) return true;
  return actor.kind === 'user' && actor.roles.some((r) => r.role === 'leader' && unit.path.startsWith(r.unitPath));
}

/** Path prefixes of the units whose items a staff actor may see; null = everything (admin). */
export function visibleUnitScopes(actor: Actor): { paths: string[]; unitIds: number[] } | null {
  if (isAdmin(actor)) return null;
  if (actor.kind !== 'user') return { paths: [], unitIds: [] };
  return {
    paths: actor.roles.filter((r) => r.role === 'leader').map((r) => r.unitPath),
    unitIds: actor.roles.filter((r) => r.role === 'officer').map((r) => r.unitId),
  };
}
