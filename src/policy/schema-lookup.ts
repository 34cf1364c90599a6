import { policySchema } from './schema.js'

type SchemaNode = Readonly<Record<string, unknown>>

const INDEX = /^(0|[1-9][0-9]*)$/
const definitions = policySchema['$defs'] as Readonly<Record<string, SchemaNode>>

/** Follows `$ref`s to `#/$defs/...` until a schema that is not a reference. */
function resolve(schema: SchemaNode): SchemaNode {
  let node = schema
  for (let hops = 0; typeof node['$ref'] === 'string' && hops < 10; hops++) {
    const name = node['$ref'].replace('#/$defs/', '')
    node = Object.hasOwn(definitions, name) ? (definitions[name] as SchemaNode) : {}
  }
  return node
}

function child(schema: SchemaNode, segment: string): SchemaNode | undefined {
  const properties = schema['properties'] as Readonly<Record<string, SchemaNode>> | undefined
  if (properties !== undefined && Object.hasOwn(properties, segment)) return properties[segment]

  const items = schema['items'] as SchemaNode | undefined
  return items !== undefined && INDEX.test(segment) ? items : undefined
}

/**
 * Returns the property names the policy schema allows on the object at `segments`, a path
 * through fixed document fields, or undefined when the path leaves them (into an expression,
 * a map of variables or free-form data).
 * @internal
 */
export function allowedProperties(segments: readonly string[]): readonly string[] | undefined {
  let schema: SchemaNode | undefined = policySchema

  for (const segment of segments) {
    schema = child(resolve(schema), segment)
    if (schema === undefined) return undefined
  }

  const properties = resolve(schema)['properties']
  return typeof properties === 'object' && properties !== null ? Object.keys(properties) : undefined
}
