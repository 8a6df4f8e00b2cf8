// Component tests run in jsdom (a `@vitest-environment jsdom` comment per file); other tests run in Node.
// zmp-ui's Page scrolls its element on mount, which jsdom does not implement.
const element = (globalThis as { Element?: { prototype: { scrollTo?: unknown } } }).Element;
if (element && !element.prototype.scrollTo) element.prototype.scrollTo = () => {};
