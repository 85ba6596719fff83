// Shapes the package.json that `pnpm pack` / `pnpm publish` put in a tarball (see docs/releasing.md):
// - the `@wa/source` export condition points at `src/`, which is not shipped: it exists for the
//   workspace (tests and tsx run the sources) and is dropped, so no export points outside the tarball;
// - scripts and devDependencies only make sense inside this monorepo.
function withoutSourceCondition(value) {
  if (typeof value !== "object" || value === null) return value;
  const result = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key !== "@wa/source") result[key] = withoutSourceCondition(inner);
  }
  return result;
}

module.exports = {
  hooks: {
    beforePacking(pkg) {
      pkg.exports = withoutSourceCondition(pkg.exports);
      delete pkg.scripts;
      delete pkg.devDependencies;
      return pkg;
    },
  },
};
