/**
 * The layers of draw-room and which way their imports may point (README, "Layout"). `npm run check:layers`
 * checks them over protocol/, components/ and server/; type-only imports count, since a type pulled from the
 * wrong layer ties the two together as surely as a value does.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'protocol-imports-nothing',
      comment:
        'protocol/ is the wire format both the browser and Node load: it imports nothing outside itself ' +
        '(no other folder, no npm package, no node: builtin), so it runs unchanged on either side.',
      severity: 'error',
      from: { path: '^protocol/' },
      to: { pathNot: '^protocol/' },
    },
    {
      name: 'server-not-to-components',
      comment: 'server/ runs in Node and never loads the widget: what both sides share lives in protocol/.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^components/' },
    },
    {
      name: 'components-only-protocol',
      comment:
        'components/ is the widget and runs in a browser: from outside itself it imports only protocol/ and ' +
        'npm packages (no server/, no node: builtin).',
      severity: 'error',
      from: { path: '^components/' },
      to: { pathNot: ['^components/', '^protocol/'], dependencyTypesNot: ['npm'] },
    },
    {
      name: 'drawing-is-the-model',
      comment:
        'components/drawing/ is the model (document, items, live items, presence): it knows nothing of how it is ' +
        'painted (render/), carried (network/, sync/) or driven (controllers/, elements/).',
      severity: 'error',
      from: { path: '^components/drawing/' },
      to: { path: '^components/(render|network|sync|controllers|elements)/' },
    },
    {
      name: 'network-is-bytes-only',
      comment:
        'components/network/ moves bytes (signaling, mesh, channel frames) and knows no items: it imports none ' +
        'of drawing/, sync/, render/, controllers/ or elements/. What binds items to frames lives in sync/.',
      severity: 'error',
      from: { path: '^components/network/' },
      to: { path: '^components/(drawing|sync|render|controllers|elements)/' },
    },
    {
      name: 'sync-binds-drawing-and-network',
      comment:
        'components/sync/ binds the model to the transport: it imports only drawing/ and network/ (and protocol/), ' +
        'never what paints or drives them.',
      severity: 'error',
      from: { path: '^components/sync/' },
      to: { path: '^components/', pathNot: '^components/(sync|drawing|network)/' },
    },
    {
      name: 'render-reads-only-drawing',
      comment:
        'components/render/ paints the model: it imports only drawing/ (and protocol/), so painting and export ' +
        'work on any document, whatever carries it.',
      severity: 'error',
      from: { path: '^components/render/' },
      to: { path: '^components/', pathNot: '^components/(render|drawing)/' },
    },
    {
      name: 'controllers-not-to-elements',
      comment:
        'components/controllers/ are reactive controllers that elements compose: an element imports its ' +
        'controllers, never the other way round (a controller sees its host through the interface it declares).',
      severity: 'error',
      from: { path: '^components/controllers/' },
      to: { path: '^components/elements/' },
    },
    {
      name: 'no-dev-dependencies-at-run-time',
      comment:
        'protocol/, components/ and server/ ship: a package they import must be in "dependencies", not only in ' +
        '"devDependencies", or a production install breaks.',
      severity: 'error',
      from: { path: '^(protocol|components|server)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment:
        'A cycle makes its modules one: none can be understood, tested or moved without the others, and ' +
        'module evaluation order decides which sees another half-initialised.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-through-types',
      comment:
        'A cycle closed by a type-only import runs fine (types are erased) but still ties its modules together: ' +
        'move the shared type to the module both depend on, or to the one that owns the concept.',
      severity: 'error',
      from: {},
      to: { circular: true, via: { dependencyTypes: ['type-only'] } },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports and that imports nothing is dead code, or an entry point nobody wired up.',
      severity: 'error',
      from: { orphan: true, pathNot: ['\\.d\\.ts$'] },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to no file fails at run time; the rules above cannot check what they cannot see.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
