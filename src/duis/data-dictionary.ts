// Units of DUIS data items, where DUIS gives one. The XSD carries types, not units, so a value
// on the wire (GasThresholdMatrix/BlockThreshold 12000) means nothing without this table. Each
// entry cites the document it is read from; test/data-dictionary.test.ts reads the seed text and
// finds the unit there. The reports print the table.

export interface DataItemUnit {
  /** The DUIS type whose data item this is, as DUIS's tables name it. */
  type: string;
  /** The data item (element or attribute). */
  item: string;
  /** Where it sits in a message, for readers of the XML. */
  xsdPath: string;
  unit: string;
  /** Seed file and section. */
  source: string;
  note?: string;
}

export const DATA_DICTIONARY: readonly DataItemUnit[] = [
  {
    type: 'GasThresholdMatrix',
    item: 'BlockThreshold',
    xsdPath: 'sr:GasThresholdMatrix/sr:BlockThreshold',
    unit: 'Wh',
    source: '003_713bd418f11cbae1.txt, section 3 "Solution" (Unit error correction) and Annex A, DUIS 3.8.1.2 GasThresholdMatrix table',
    note: 'MP081 corrects the unit DUIS printed (kWh) to the one DCC processing uses (Wh).',
  },
];

/** The unit of a data item, or undefined where DUIS gives none (or this table does not know it). */
export function unitOf(type: string, item: string): string | undefined {
  return DATA_DICTIONARY.find((d) => d.type === type && d.item === item)?.unit;
}
