// The Standard Schema interface (https://standardschema.dev), version 1: what zod 3.24+/4, valibot 1,
// arktype 2 and others implement under `~standard`. Copied, as the spec invites, rather than imported, so
// sse-kit's published types need no package of its own and no schema library; only the part sse-kit reads.
// test/types/standard-schema.ts checks it against @standard-schema/spec (a devDependency) both ways.

/** A schema of any Standard Schema library: what it validates, and the types it infers. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaV1.Props<Input, Output>;
}

export declare namespace StandardSchemaV1 {
  interface Props<Input = unknown, Output = Input> {
    readonly version: 1;
    readonly vendor: string;
    /** Validates a value; a library may answer with a Promise (an async refinement). */
    readonly validate: (value: unknown, options?: { readonly libraryOptions?: Record<string, unknown> | undefined } | undefined) => Result<Output> | Promise<Result<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  }
  type Result<Output> = { readonly value: Output; readonly issues?: undefined } | { readonly issues: ReadonlyArray<Issue> };
  interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
  }
  /** The type a schema's validation gives. */
  type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['output'];
}
