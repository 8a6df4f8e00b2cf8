// Component tests run in jsdom (a `@vitest-environment jsdom` comment per file); other tests run in Node.
// zmp-ui's Page scrolls its element on mount, which jsdom does not implement.
if (typeof Element !== 'undefined' && !Element.prototype.scrollTo) {
  Element.prototype.scrollTo = () => {};
}
