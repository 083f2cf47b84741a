import { type ConstDirectiveNode, type DocumentNode, Kind, type SelectionSetNode, type TypeNode, parse } from 'graphql';

/** A type of the supergraph as its join__ directives describe it: which subgraphs define it and each field. */
interface JoinedType {
  graphs: Set<string>;
  /** Field → its named type and the subgraphs resolving it (undefined: every subgraph defining the type). */
  fields: Map<string, { type: string; graphs: Set<string> | undefined }>;
}

const argumentOf = (directive: ConstDirectiveNode, name: string) =>
  directive.arguments?.find((argument) => argument.name.value === name)?.value;

const namedTypeOf = (type: TypeNode): string =>
  type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);

/** The subgraphs resolving a field, by its @join__field directives; external or overridden ones do not. */
function fieldGraphs(directives: readonly ConstDirectiveNode[]): Set<string> | undefined {
  const joins = directives.filter((directive) => directive.name.value === 'join__field');
  if (!joins.length) return undefined;
  const graphs = new Set<string>();
  for (const join of joins) {
    const graph = argumentOf(join, 'graph');
    const notHere = [argumentOf(join, 'external'), argumentOf(join, 'usedOverridden')].some(
      (value) => value?.kind === Kind.BOOLEAN && value.value,
    );
    if (graph?.kind === Kind.ENUM && !notHere) graphs.add(graph.value);
  }
  return graphs;
}

function joinedTypesOf(supergraph: DocumentNode): { types: Map<string, JoinedType>; names: Map<string, string> } {
  const types = new Map<string, JoinedType>();
  const names = new Map<string, string>();
  for (const definition of supergraph.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const join = value.directives?.find((directive) => directive.name.value === 'join__graph');
        const name = join && argumentOf(join, 'name');
        names.set(value.name.value, name?.kind === Kind.STRING ? name.value : value.name.value);
      }
    }
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const graphs = new Set<string>();
    for (const directive of definition.directives ?? []) {
      const graph = directive.name.value === 'join__type' ? argumentOf(directive, 'graph') : undefined;
      if (graph?.kind === Kind.ENUM) graphs.add(graph.value);
    }
    const fields = new Map(
      (definition.fields ?? []).map((field) => [
        field.name.value,
        { type: namedTypeOf(field.type), graphs: fieldGraphs(field.directives ?? []) },
      ]),
    );
    types.set(definition.name.value, { graphs, fields });
  }
  return { types, names };
}

/** Narrows `candidates` to the subgraphs that resolve every field of `selections` on `typeName`, nested ones too. */
function narrow(
  types: Map<string, JoinedType>,
  typeName: string,
  selections: SelectionSetNode,
  candidates: Set<string>,
): void {
  const type = types.get(typeName);
  for (const selection of selections.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      narrow(types, selection.typeCondition?.name.value ?? typeName, selection.selectionSet, candidates);
      continue;
    }
    if (selection.kind !== Kind.FIELD) {
      throw new Error('named fragments are not supported in the gateway’s questions');
    }
    if (selection.name.value === '__typename') continue;
    const field = type?.fields.get(selection.name.value);
    if (!type || !field) throw new Error(`the supergraph has no field ${typeName}.${selection.name.value}`);
    const resolving = field.graphs ?? type.graphs;
    for (const graph of candidates) if (!resolving.has(graph)) candidates.delete(graph);
    if (selection.selectionSet) narrow(types, field.type, selection.selectionSet, candidates);
  }
}

/**
 * The subgraphs that can answer `query` (a query without named fragments) alone, each resolving every field it
 * selects, by the supergraph's join__type and join__field directives; by name, in the supergraph's order. The
 * gateway's own questions (the data version, the pricing facts) go to whichever subgraph this finds, so that
 * a subgraph providing them is found where the schema says, not by its name.
 */
export function subgraphsAnsweringAlone(supergraphSdl: string, query: string): string[] {
  const { types, names } = joinedTypesOf(parse(supergraphSdl));
  const operation = parse(query).definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operation?.operation !== 'query') throw new Error(`expected a query; got "${query}"`);
  const candidates = new Set(names.keys());
  narrow(types, 'Query', operation.selectionSet, candidates);
  return [...candidates].map((graph) => names.get(graph)!);
}
