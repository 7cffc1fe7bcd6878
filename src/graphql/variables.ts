import type { ApolloServerPlugin } from '@apollo/server';
import {
  coerceInputValue,
  getNamedType,
  getNullableType,
  GraphQLError,
  isEnumType,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DATE_TIME_RULE, LOCAL_DATE_RULE } from './scalars.js';

/** What a value of a scalar must be, in words a caller can act on. */
export const SCALAR_RULES: Record<string, string> = {
  String: 'must be text',
  ID: 'must be an id (text)',
  Int: 'must be a whole number from -2147483648 to 2147483647',
  Float: 'must be a number',
  Boolean: 'must be true or false',
  LocalDate: LOCAL_DATE_RULE,
  DateTime: DATE_TIME_RULE,
};

/**
 * Variables are coerced here, before graphql-js does it, so that a refusal names the field
 * (`input.rationale`, as the argument it is given to) and says what it must be, without echoing
 * the value sent: graphql-js would quote the whole variable back, however large, whatever it holds.
 */
export function variablesPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, request }) {
          const problem = operation ? firstVariableProblem(schema, operation, request.variables ?? {}) : null;
          if (problem) {
            throw new GraphQLError(`${problem.field}: ${problem.rule}`, {
              extensions: { code: 'BAD_USER_INPUT', field: problem.field, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

export function firstVariableProblem(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): { field: string; rule: string } | null {
  const usedAs = argumentPaths(operation);
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
    // An unknown type is the validation's to report; it has already run.
    if (!type || !isInputType(type)) continue;
    const root = usedAs.get(name) ?? name;
    const value = variables[name];
    if (value === undefined) {
      if (isNonNullType(type) && !definition.defaultValue) return { field: root, rule: 'is required' };
      continue;
    }
    let problem: { field: string; rule: string } | null = null;
    coerceInputValue(value, type, (path, _invalid, error) => {
      if (problem) return;
      const field = [root, ...path].join('.');
      problem = describe(field, typeAt(type, path), error.message);
    });
    if (problem) return problem;
  }
  return null;
}

function describe(field: string, type: GraphQLInputType | null, message: string): { field: string; rule: string } {
  const missing = /^Field "(\w+)" of required type/.exec(message);
  if (missing) return { field: `${field}.${missing[1]}`, rule: 'is required' };
  if (/^Field ".*" is not defined by type/s.test(message)) {
    return { field, rule: `has a field ${type ? getNamedType(type).name : 'its type'} does not define` };
  }
  if (!type || /^Expected non-nullable type/.test(message)) return { field, rule: 'is required' };
  const nullable = getNullableType(type);
  if (isListType(nullable)) return { field, rule: 'must be a list' };
  if (isInputObjectType(nullable)) return { field, rule: `must be an object (${nullable.name})` };
  if (isEnumType(nullable)) return { field, rule: `must be one of ${nullable.getValues().map((v) => v.name).join(', ')}` };
  if (isScalarType(nullable)) return { field, rule: SCALAR_RULES[nullable.name] ?? `must be a ${nullable.name}` };
  return { field, rule: 'is not a valid value' };
}

/** The type at `path` inside a value of `type` (list indexes as numbers, object fields as names). */
function typeAt(type: GraphQLInputType, path: ReadonlyArray<string | number>): GraphQLInputType | null {
  let current: GraphQLInputType | null = type;
  for (const step of path) {
    if (!current) return null;
    const nullable: GraphQLInputType = getNullableType(current);
    if (typeof step === 'number') current = isListType(nullable) ? (nullable.ofType as GraphQLInputType) : null;
    else current = isInputObjectType(nullable) ? (nullable.getFields()[step]?.type ?? null) : null;
  }
  return current;
}

/** Where each variable is first used: `input` for `setGrade(input: $x)`, `input.auditId` for `{auditId: $x}`. */
function argumentPaths(operation: OperationDefinitionNode): Map<string, string> {
  const paths = new Map<string, string>();
  const walkValue = (node: ValueNode, path: string) => {
    if (node.kind === Kind.VARIABLE) {
      if (!paths.has(node.name.value)) paths.set(node.name.value, path);
    } else if (node.kind === Kind.OBJECT) for (const field of node.fields) walkValue(field.value, `${path}.${field.name.value}`);
    else if (node.kind === Kind.LIST) node.values.forEach((item, i) => walkValue(item, `${path}.${i}`));
  };
  const walkSelections = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) for (const argument of selection.arguments ?? []) walkValue(argument.value, argument.name.value);
      if (selection.kind !== Kind.FRAGMENT_SPREAD) walkSelections(selection.selectionSet);
    }
  };
  walkSelections(operation.selectionSet);
  return paths;
}
