// The IDE's scripts add <style> elements: Monaco (a sheet per editor for its themes and decorations) and
// the dialogs (react-remove-scroll). The CSP allows a <style> element only with the answer's nonce, and
// neither library lets one pass it in, so every <style> this page's scripts create gets it at creation,
// before it is inserted. Markup injected into the page cannot learn the nonce, so the policy still holds
// against it; only the gateway's own scripts run here (script-src 'self').

/** From now on, every `<style>` created through `document.createElement` carries `nonce`. */
export function giveStyleElementsNonce(nonce: string | undefined): void {
  if (!nonce) return;
  (globalThis as { __webpack_nonce__?: string }).__webpack_nonce__ = nonce;
  const createElement = document.createElement.bind(document) as (
    tagName: string,
    options?: ElementCreationOptions,
  ) => HTMLElement;
  document.createElement = ((tagName: string, options?: ElementCreationOptions) => {
    const element = createElement(tagName, options);
    if (element instanceof HTMLStyleElement) element.nonce = nonce;
    return element;
  }) as typeof document.createElement;
}
