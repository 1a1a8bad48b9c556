/** The XML namespaces of DUIS and the schemas it imports. */
export const NS = {
  sr: 'http://www.dccinterface.co.uk/ServiceUserGateway',
  ra: 'http://www.dccinterface.co.uk/ResponseAndAlert',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;
