// Relay global IDs as the server encodes them: base64("<Type>:<database id>").
export function globalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`).toString('base64');
}
