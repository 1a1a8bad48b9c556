// 12.1 Request WAN Matrix: SM WAN coverage for a property, by UPRN or by post code and address.
import { sr } from '../xml.ts';
import { buildRequest, type DuisRequest, type RequestContext, type RequestOptions } from './envelope.ts';

/** A property: its UPRN (up to 12 digits), or a post code (6-8 chars) with a house name or number. */
export type PropertySelector =
  | { uprn: number | bigint | string }
  | { partialAddress: { postCode: string; addressIdentifier: string } };

export function requestWanMatrix(ctx: RequestContext, p: PropertySelector, options?: RequestOptions): DuisRequest {
  const choice =
    'uprn' in p
      ? sr('UPRN', String(p.uprn))
      : sr('PartialAddress', [sr('PostCode', p.partialAddress.postCode), sr('AddressIdentifier', p.partialAddress.addressIdentifier)]);
  return buildRequest(ctx, '12.1', undefined, sr('RequestWANMatrix', choice), options);
}
