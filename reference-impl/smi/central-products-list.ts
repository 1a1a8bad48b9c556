// The Central Products List as the reference holds it: firmware images by hash, with the version
// each is. 11.3 Activate Firmware names an image by its hash only; when the device's response
// says it is running that image, the DCC records the CPL's version for it in the Inventory.
// [I] An entry without manufacturer and model fits every device (the simulated devices have no
// real firmware); a real CPL lists images per manufacturer and model.
import { createHash } from 'node:crypto';

export interface FirmwareImage {
  /** SHA-256 of the image, 64 hex digits (DUIS FirmwareHash). */
  hash: string;
  firmwareVersion: string;
  manufacturer?: string;
  model?: string;
}

/** [I] Two made-up images that fit every device: the reference ships no real firmware. */
export function defaultCentralProductsList(): FirmwareImage[] {
  return ['SIM-2.0', 'SIM-3.0'].map((firmwareVersion) => ({
    hash: createHash('sha256').update(`sec-conformance simulated firmware image ${firmwareVersion}`).digest('hex').toUpperCase(),
    firmwareVersion,
  }));
}

export class CentralProductsList {
  private readonly images: readonly FirmwareImage[];

  constructor(images: readonly FirmwareImage[]) {
    for (const i of images) {
      if (!/^[0-9A-Fa-f]{64}$/.test(i.hash)) throw new Error(`Central Products List: hash ${JSON.stringify(i.hash)} is not 64 hex digits`);
      if (!i.firmwareVersion) throw new Error(`Central Products List: image ${i.hash} has no firmwareVersion`);
    }
    this.images = images.map((i) => ({ ...i, hash: i.hash.toUpperCase() }));
  }

  /** Images listed for a device of this manufacturer and model. */
  for(device: { manufacturer: string; model: string }): FirmwareImage[] {
    return this.images.filter((i) => (i.manufacturer === undefined || i.manufacturer === device.manufacturer) && (i.model === undefined || i.model === device.model)).map((i) => ({ ...i }));
  }

  /** The listed image with this hash for the device, if any. */
  find(hash: string, device: { manufacturer: string; model: string }): FirmwareImage | undefined {
    return this.for(device).find((i) => i.hash === hash.toUpperCase());
  }
}
