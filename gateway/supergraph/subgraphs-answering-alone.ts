import {
  type ConstDirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  getOperationAST,
  isTypeDefinitionNode,
  Kind,
  parse,
  type SelectionSetNode,
  type TypeNode,
} from 'graphql';

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

/**
 * The subgraphs resolving a field, by its @join__field directives; external or overridden ones do not, nor one
 * that `requires` fields of another subgraph (asked alone, it would not be given them).
 */
function fieldGraphs(directives: readonly ConstDirectiveNode[]): Set<string> | undefined {
  const joins = directives.filter((directive) => directive.name.value === 'join__field');
  if (!joins.length) return undefined;
  const graphs = new Set<string>();
  for (const join of joins) {
    const graph = argumentOf(join, 'graph');
    const notHere =
      [argumentOf(join, 'external'), argumentOf(join, 'usedOverridden')].some(
        (value) => value?.kind === Kind.BOOLEAN && value.value,
      ) || argumentOf(join, 'requires') !== undefined;
    if (graph?.kind === Kind.ENUM && !notHere) graphs.add(graph.value);
  }
  return graphs;
}

/** A supergraph read once: its object and interface types with their fields, and every type's subgraphs. */
export interface JoinedSupergraph {
  types: Map<string, JoinedType>;
  /** Every type with @join__type (enums, inputs, scalars and unions too) → the subgraphs defining it. */
  typeGraphs: Map<string, Set<string>>;
  /** join__Graph value → the subgraph's name. */
  names: Map<string, string>;
}

const BUILT_IN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

export function readSupergraph(supergraphSdl: string): JoinedSupergraph {
  return joinedTypesOf(parse(supergraphSdl));
}

function joinedTypesOf(supergraph: DocumentNode): JoinedSupergraph {
  const typeGraphs = new Map<string, Set<string>>();
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
    if (!isTypeDefinitionNode(definition)) continue;
    const graphs = new Set<string>();
    for (const directive of definition.directives ?? []) {
      const graph = directive.name.value === 'join__type' ? argumentOf(directive, 'graph') : undefined;
      if (graph?.kind === Kind.ENUM) graphs.add(graph.value);
    }
    if (graphs.size) typeGraphs.set(definition.name.value, graphs);
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const fields = new Map(
      (definition.fields ?? []).map((field) => [
        field.name.value,
        { type: namedTypeOf(field.type), graphs: fieldGraphs(field.directives ?? []) },
      ]),
    );
    types.set(definition.name.value, { graphs, fields });
  }
  return { types, typeGraphs, names };
}

/** Keeps only the candidates that define the type `typeName` (a fragment's condition, a variable's type). */
function keepDefining(supergraph: JoinedSupergraph, typeName: string, candidates: Set<string>): void {
  if (BUILT_IN_SCALARS.has(typeName)) return;
  const graphs = supergraph.typeGraphs.get(typeName);
  for (const graph of candidates) if (!graphs?.has(graph)) candidates.delete(graph);
}

/** Narrows `candidates` to the subgraphs that resolve every field of `selections` on `typeName`, nested ones too. */
function narrow(
  supergraph: JoinedSupergraph,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  typeName: string,
  selections: SelectionSetNode,
  candidates: Set<string>,
): void {
  const { types } = supergraph;
  const type = types.get(typeName);
  for (const selection of selections.selections) {
    if (selection.kind !== Kind.FIELD) {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment)
        throw new Error(`no fragment ${selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : ''}`);
      const condition = fragment.typeCondition?.name.value ?? typeName;
      if (condition !== typeName) keepDefining(supergraph, condition, candidates);
      narrow(supergraph, fragments, condition, fragment.selectionSet, candidates);
      continue;
    }
    if (selection.name.value === '__typename') continue;
    const field = type?.fields.get(selection.name.value);
    if (!type || !field) throw new Error(`the supergraph has no field ${typeName}.${selection.name.value}`);
    const resolving = field.graphs ?? type.graphs;
    for (const graph of candidates) if (!resolving.has(graph)) candidates.delete(graph);
    if (selection.selectionSet) narrow(supergraph, fragments, field.type, selection.selectionSet, candidates);
  }
}

/**
 * The subgraphs that can answer `query` (a query without named fragments) alone, each resolving every field it
 * selects, by the supergraph's join__type and join__field directives; by name, in the supergraph's order. The
 * gateway's own questions (the data version, the pricing facts) go to whichever subgraph this finds, so that
 * a subgraph providing them is found where the schema says, not by its name.
 */
export function subgraphsAnsweringAlone(supergraphSdl: string, query: string): string[] {
  return subgraphsAnsweringOperation(readSupergraph(supergraphSdl), parse(query));
}

/**
 * The same for a parsed operation (named fragments and variables too): the subgraphs that define every type it
 * names and resolve every field it selects, so that the operation can be sent to one of them as it is.
 */
export function subgraphsAnsweringOperation(
  supergraph: JoinedSupergraph,
  document: DocumentNode,
  operationName?: string | null,
): string[] {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'query') throw new Error('expected a query');
  return subgraphsAnsweringSelection(supergraph, document, {
    typeName: 'Query',
    selectionSet: operation.selectionSet,
    variableTypes: (operation.variableDefinitions ?? []).map((variable) => variable.type),
  });
}

/**
 * The subgraphs that resolve every field of `selectionSet` on `typeName` (nested ones and the document's named
 * fragments too) and define every type it names and each of `variableTypes`; by name, in the supergraph's order.
 */
export function subgraphsAnsweringSelection(
  supergraph: JoinedSupergraph,
  document: DocumentNode,
  selection: { typeName: string; selectionSet: SelectionSetNode; variableTypes: readonly TypeNode[] },
): string[] {
  const fragments = new Map(
    document.definitions
      .filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const candidates = new Set(supergraph.names.keys());
  for (const type of selection.variableTypes) keepDefining(supergraph, namedTypeOf(type), candidates);
  narrow(supergraph, fragments, selection.typeName, selection.selectionSet, candidates);
  return [...candidates].map((graph) => supergraph.names.get(graph)!);
}
