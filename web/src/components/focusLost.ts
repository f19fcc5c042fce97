/** True when nothing on the page has the focus (it fell to the body: its control went or was disabled). */
export function focusLost(doc: Document = document): boolean {
  return !doc.activeElement || doc.activeElement === doc.body;
}
