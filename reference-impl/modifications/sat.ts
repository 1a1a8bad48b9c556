// Service Audit Trail visibility (seed 001, sections 1 "Summary" and 3 "Solution"): in the
// Self-Service Interface a Supplier sees the titles of every Service Request and Service Response
// about a device it is the Responsible Supplier for, and a Network Operator those about a device
// on its network, whoever sent them, traffic from before a Change of Supplier included. Every
// other User still sees only its own (SEC H8.16(b)). Titles only either way: what an entry holds
// is fixed by the trail itself (smi/audit-trail.ts), not by this rule.
import { isSupplier } from '../../src/users.ts';
import { sameUser } from '../dsp/authority.ts';
import { NETWORK_OPERATOR_ROLES } from '../dsp/network-operator.ts';
import type { Modification } from './modification.ts';

export const SAT: Modification = {
  id: 'SAT',
  title: 'Service Audit Trail visibility for Responsible Suppliers and Network Operators',
  source: '001_5ffb74411a4cdc3a.txt, section 3 "Solution" (Proposed Solution) and section 2 (SEC H8.16(b))',
  apply: (rules) => ({
    ...rules,
    auditTrailScope: (q) => {
      const { user, device } = q;
      if (isSupplier(user) && sameUser(device.responsibleSupplier, user.id)) return 'device';
      if (user.roles.some((r) => NETWORK_OPERATOR_ROLES.includes(r)) && sameUser(device.networkOperator, user.id)) return 'device';
      return rules.auditTrailScope(q);
    },
  }),
};
