// MP178 'Removing DSP validation against the SMI join status for SR8.8.x' (seed 000, section 3):
// Unjoin (8.8.1, 8.8.2) is accepted whatever join status the SMI holds, so E080801 is never
// raised for an unjoin. Security controls (roles, responsibility for the device) are unchanged.
import type { Modification } from './modification.ts';

export const MP178: Modification = {
  id: 'MP178',
  title: 'Removing DSP validation against the SMI join status for SR 8.8.x',
  source: '000_c8c8cc78d5c28133.txt, section 3 "Solution"',
  apply: (rules) => ({ ...rules, unjoinRequiresSmiJoin: false }),
};
