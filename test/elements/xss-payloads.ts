// The XSS battery's payloads: attacker-controlled data that would run or make elements if it were ever
// parsed as markup. Each one that runs sets a flag on `window.__xss`; the tests check it stays unset.
// Used by the elements' battery (xss.test.ts) and the inspector's (test/devtools/xss.test.ts).

export type Flagged = Window & { __xss?: string[] };
const flag = (name: string) => `(window.__xss=(window.__xss||[]).concat('${name}'))`;

export const PAYLOADS: Record<string, string> = {
  'script tag': `<script>${flag('script')}</script>`,
  'event handler': `<img src=x onerror="${flag('onerror')}">`,
  'javascript: URL': `<a id=x href="javascript:${flag('href')}">x</a>`,
  'SVG onload': `<svg onload="${flag('svg')}"><script>${flag('svg-script')}</script></svg>`,
  'iframe srcdoc': `<iframe srcdoc="<script>parent.${flag('srcdoc')}</script>"></iframe>`,
  'attribute breakout': `"><img src=x onerror=${flag('breakout')}>`,
  'entity trick': `&lt;img src=x onerror=${flag('entity')}&gt; &#60;b&#62;`,
  'style import': `<style>@import url("javascript:${flag('style')}")</style>`,
  'template markers': '{{constructor.constructor("alert(1)")()}} ${alert(1)} <!-- --!>',
  'unicode escapes': '\u003cimg src=x onerror=alert(1)\u003e',
};

