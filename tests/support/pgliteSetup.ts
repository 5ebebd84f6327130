import type { TestProject } from "vitest/node";

export default function setup(project: TestProject) {
  project.provide("databaseUrl", "memory://");
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
