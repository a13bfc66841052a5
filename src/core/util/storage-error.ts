/**
 * Browser storage refusing a write: storage full (QuotaExceededError) is the case a student can act
 * on, so messages name it. DOMException is an Error in browsers and Node, but a worker's rejection
 * may arrive as a plain object: the name is read either way.
 */
export function isQuotaExceeded(e: unknown): boolean {
  return e !== null && typeof e === 'object' && 'name' in e && e.name === 'QuotaExceededError';
}

/** "storage is full", or the error's own message, for "… could not be saved on this device: <why>". */
export function storageFailureReason(e: unknown): string {
  if (isQuotaExceeded(e)) return 'storage is full';
  // The caller ends the sentence: a message's own full stop is dropped.
  return e instanceof Error && e.message ? e.message.replace(/\.$/, '') : 'the browser refused to store it';
}
