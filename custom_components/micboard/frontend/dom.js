/* DOM helpers of the cold paths (header, editors). */

/** An element with attributes ("text" sets its text, "class" its class) and children. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === "text") el.textContent = v;
      else if (k === "class") el.className = v;
      else el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  for (const c of children) if (c != null && c !== false) el.append(c);
  return el;
}

/** Whether a key press on this element is typing (then it is no shortcut). */
export function isTypingTarget(el) {
  if (!el || el.nodeType !== 1) return false;
  return el.matches("input, select, textarea, [contenteditable], [contenteditable] *");
}
