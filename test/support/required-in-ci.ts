// Tests that need a tool from the system (Chromium, nginx) skip locally when it is missing, but in CI (CI=true)
// they must run: there a missing tool is an error, not a skip.

export const IN_CI = process.env.CI === 'true';

/** Whether the tool is here; throws in CI when it is not, naming how CI gets it. */
export function requireInCi(tool: string, have: boolean, howCiGetsIt: string): boolean {
  if (IN_CI && !have) throw new Error(`CI=true but ${tool} is missing: ${howCiGetsIt}`);
  return have;
}
