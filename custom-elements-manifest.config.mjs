// Read by `npm run manifest` (cem analyze). The analyzer has no @dependency tag of its own: this plugin records
// which other custom elements a class renders (Shoelace's convention), as `dependencies` in custom-elements.json.
export default {
  plugins: [dependenciesFromJsDoc()],
};

function dependenciesFromJsDoc() {
  return {
    name: 'draw-room-dependencies',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const tags = ts.getJSDocTags(node).filter((tag) => tag.tagName.text === 'dependency');
      if (tags.length === 0) return;
      const declaration = moduleDoc.declarations?.find((candidate) => candidate.name === node.name.text);
      if (!declaration) throw new Error(`@dependency on ${node.name.text}, which the manifest does not declare`);
      declaration.dependencies = tags.map((tag) => (ts.getTextOfJSDocComment(tag.comment) ?? '').trim()).filter(Boolean);
    },
  };
}
