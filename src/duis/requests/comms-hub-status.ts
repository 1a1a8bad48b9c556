// 8.14.1 and 8.14.2 Communications Hub Status Update (install success, with and without SM WAN):
// the installer's report on a CH it has fitted. Non-device; DeviceID names the CHF.
import { sr } from '../xml.ts';
import { buildRequest, type DuisRequest, type RequestContext, type RequestOptions } from './envelope.ts';
import { bool, dateTime, euiElement, opt } from './values.ts';

export type ChfInstallType = 'New CHF Install' | 'Replacement CHF Install' | 'CHF Install - no SM WAN';
export type ChfLocation = 'Outside Premises' | 'Indoors on external wall' | 'Deep indoors' | 'Basement or Cellar';
export type PremiseType = 'Detached / Semi Detached' | 'Terraced' | 'Low Rise Apartment (MDU <= 5 floors)' | 'High Rise Apartment (MDU > 5 floors)';

export interface ChfInstallParams {
  chfId: string;
  /** Default: "New CHF Install" for 8.14.1, "CHF Install - no SM WAN" for 8.14.2. */
  installType?: ChfInstallType;
  installDateTime?: Date | string;
  /** The User's own reference, up to 25 characters. */
  userRefId?: string;
  mpxn: string;
  /** Up to 25 characters. */
  gisData?: string;
  aerialInstall: boolean;
  location: ChfLocation;
  /** Up to 200 characters. */
  additionalInformation?: string;
}

export interface ChfInstallNoSmWanParams extends ChfInstallParams {
  premiseType: PremiseType;
  metalObstructionCheck: boolean;
  connectivityObstructionCheck: boolean;
  sharedObstructionCheck: boolean;
}

// the elements both bodies start with, in XSD order up to CHFLocation
function installHead(p: ChfInstallParams, defaultType: ChfInstallType) {
  return [
    euiElement('DeviceID', p.chfId),
    sr('CHFInstallType', p.installType ?? defaultType),
    opt('InstallDateTime', p.installDateTime, dateTime),
    opt('UserRefID', p.userRefId),
    sr('MPxN', p.mpxn),
    opt('GISData', p.gisData),
    sr('AerialInstall', bool(p.aerialInstall)),
    sr('CHFLocation', p.location),
  ];
}

export function chfInstallSuccess(ctx: RequestContext, p: ChfInstallParams, options?: RequestOptions): DuisRequest {
  const body = sr('CHFInstallSuccessSMWAN', [...installHead(p, 'New CHF Install'), opt('AdditionalInformation', p.additionalInformation)]);
  return buildRequest(ctx, '8.14.1', undefined, body, options);
}

export function chfInstallNoSmWan(ctx: RequestContext, p: ChfInstallNoSmWanParams, options?: RequestOptions): DuisRequest {
  const body = sr('CHFInstallSuccessNoSMWAN', [
    ...installHead(p, 'CHF Install - no SM WAN'),
    sr('PremiseType', p.premiseType),
    sr('MetalObstructionCheck', bool(p.metalObstructionCheck)),
    sr('ConnectivityObstructionCheck', bool(p.connectivityObstructionCheck)),
    sr('SharedObstructionCheck', bool(p.sharedObstructionCheck)),
    opt('AdditionalInformation', p.additionalInformation),
  ]);
  return buildRequest(ctx, '8.14.2', undefined, body, options);
}
