// Response codes for failures that DUIS names only in general terms, which scenarios assert.
// Each default is our reading of DUIS [I] (meanings from a third-party summary of the DUIS code
// table): the reference answers with these, and the suite expects them from a target unless the
// target's configuration says otherwise (see the README's assumptions).

export interface GenericCodes {
  /** The User's roles do not include one eligible for the Service Request. [I] */
  roleNotEligible: string;
  /** The User is not the Responsible Supplier (or otherwise entitled) for the target device. [I] */
  notEntitledToDevice: string;
  /** The device's SMI status does not allow the Service Request (DUIS general check 3.2.4). */
  deviceStatusIncompatible: string;
  /** The request went to the wrong path for its command variant. [I] */
  wrongPath: string;
}

export const DEFAULT_GENERIC_CODES: Readonly<GenericCodes> = {
  roleNotEligible: 'E2',
  notEntitledToDevice: 'E4',
  deviceStatusIncompatible: 'E5',
  wrongPath: 'E13',
};
