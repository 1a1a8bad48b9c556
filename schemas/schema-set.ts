/** One DUIS release's schema files, found on disk and read into memory. */
export interface SchemaFile {
  /** Where the file was read from, for messages. */
  path: string;
  bytes: Buffer;
}

export interface SchemaSet {
  /** Human label: the folder it came from, or "bundled DUIS V5.1". */
  label: string;
  /** The DUIS schema (targetNamespace ServiceUserGateway). */
  duis: SchemaFile;
  /** The MMC schema it imports (targetNamespace ResponseAndAlert). */
  mmc: SchemaFile;
  /** XMLDSig core schema. */
  xmldsig: SchemaFile;
}
