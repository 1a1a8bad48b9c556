// 12.1 Request WAN Matrix: SM WAN coverage for a property, by UPRN or by post code and address,
// answered from the coverage data the reference was given (src/wan-coverage.ts). The WAN Variant
// is written as the data has it, the unconfirmed " " of CHISM table 3 included (MP081).
import type { WanMatrix } from '../../../src/duis/responses.ts';
import { child } from '../../../src/duis/xml.ts';
import { findCoverage, type WanQuery } from '../../../src/wan-coverage.ts';
import { field } from '../body.ts';
import { refuse, type NonDeviceHandler } from '../handler.ts';

export const wanMatrixHandler: NonDeviceHandler = {
  kind: 'non-device',
  bodies: { '12.1': 'RequestWANMatrix' },
  run(ctx, req) {
    const uprn = child(req.body, 'UPRN');
    const partial = child(req.body, 'PartialAddress');
    let query: WanQuery;
    let echo: WanMatrix['request'];
    if (uprn) {
      const u = String(BigInt(uprn.text.trim()));
      query = { uprn: u };
      echo = { uprn: u };
    } else if (partial) {
      const p = { postCode: field(partial, 'PostCode'), addressIdentifier: field(partial, 'AddressIdentifier') };
      query = p;
      echo = { partialAddress: p };
    } else {
      return refuse(ctx.assumptions.codes.schemaInvalid, 'RequestWANMatrix has neither UPRN nor PartialAddress');
    }
    const e = findCoverage(ctx.wanCoverage, query);
    if (!e) return refuse(ctx.assumptions.codes.wanMatrixNoMatch, `no SM WAN coverage data for ${'uprn' in query ? `UPRN ${query.uprn}` : `${query.postCode} ${query.addressIdentifier}`}`);
    // self-test defect: another row's WAN Variant (always a different one) instead of this row's
    const variantRow = ctx.defects.wanVariantOfAnotherRow ? (ctx.wanCoverage.find((o) => o.wanVariant !== e.wanVariant) ?? e) : e;
    const wanMatrix: WanMatrix = {
      request: echo,
      cspRegion: e.cspRegion,
      coverageAvailability: e.coverageAvailability,
      ...(e.anticipatedCoverageDate !== undefined ? { anticipatedCoverageDate: e.anticipatedCoverageDate } : {}),
      wanTechnology: variantRow.wanVariant,
      connectivityLikelihood: e.connectivityLikelihood,
      ...(e.auxiliaryEquipmentRequired !== undefined ? { auxiliaryEquipmentRequired: e.auxiliaryEquipmentRequired } : {}),
      ...(e.additionalInformation !== undefined ? { additionalInformation: e.additionalInformation } : {}),
    };
    return { code: 'I0', content: { kind: 'DSPWANMatrix', wanMatrix } };
  },
};
