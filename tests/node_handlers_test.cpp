// Node.js handlers through tree-sitter-javascript and tree-sitter-typescript: the facts of one
// file, exports and handlers by convention, calls through imports and requires, IaC links,
// and the limits.
#include <gtest/gtest.h>

#include "analyzer/workload_graph.h"
#include "parsers/node/node_parser.h"
#include "tests/code_facts.h"

namespace rightfit {
namespace {

FileFacts parse(const std::string& path, const std::string& text, ParseLimits limits = {}) {
  return node::parse_node(path, text, limits);
}

using testing_support::calls;
using testing_support::find_code_function;

TEST(NodeHandlers, SourcesAreJavaScriptAndTypeScriptButNotDeclarationsOrBundles) {
  for (const char* p : {"a.js", "a.mjs", "a.cjs", "a.jsx", "a.ts", "a.mts", "a.cts", "a.tsx"})
    EXPECT_TRUE(node::is_node_source(p)) << p;
  for (const char* p : {"a.d.ts", "lib.min.js", "a.json", "js", ".ts"})
    EXPECT_FALSE(node::is_node_source(p)) << p;
  // A bundle (one line of more than 32 KB) gives no facts and no error.
  std::string bundle = "function handler(event){while(true){}}exports.handler=handler;";
  bundle += std::string(70 * 1024, ' ') + "\n";
  FileFacts facts = parse("dist/index.js", bundle);
  EXPECT_TRUE(facts.code_functions.empty());
  EXPECT_TRUE(facts.parse_errors.empty());
}

TEST(NodeHandlers, ExportsNameHandlersByConvention) {
  FileFacts cjs = parse("src/app.js",
                        "exports.handler = async (event, context) => {};\n"
                        "module.exports.other = function (event, context) {};\n"
                        "const three = (event, context, callback) => {};\n");
  const CodeFunction* h = find_code_function(cjs, "handler");
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->is_handler);
  EXPECT_EQ(h->language, "javascript");
  EXPECT_EQ(h->usr, "js:src/app.js:handler");
  EXPECT_EQ(h->where.line(), 1u);
  ASSERT_TRUE(find_code_function(cjs, "other"));
  EXPECT_FALSE(find_code_function(cjs, "other")->is_handler);

  FileFacts shorthand = parse("a.js",
                              "async function handler(event) {}\n"
                              "module.exports = { handler };\n");
  ASSERT_TRUE(find_code_function(shorthand, "handler"));
  EXPECT_TRUE(find_code_function(shorthand, "handler")->is_handler);

  FileFacts esm = parse("b.ts",
                        "export async function handler(event: E, context: C) {}\n"
                        "function notExported(event, context) {}\n");
  ASSERT_TRUE(find_code_function(esm, "handler"));
  EXPECT_TRUE(find_code_function(esm, "handler")->is_handler);
  EXPECT_EQ(find_code_function(esm, "handler")->language, "typescript");

  FileFacts clause = parse("c.mjs",
                           "const handler = async (event) => {};\n"
                           "function handlerTwo(event, context, extra) {}\n"
                           "export { handler, handlerTwo };\n");
  EXPECT_TRUE(find_code_function(clause, "handler")->is_handler);
  EXPECT_FALSE(find_code_function(clause, "handlerTwo")->is_handler);

  FileFacts local = parse("d.js", "function handler(event, context) {}\n");
  EXPECT_FALSE(find_code_function(local, "handler")->is_handler) << "not exported";
}

TEST(NodeHandlers, CallsThroughImportsRequiresAndClasses) {
  FileFacts ts = parse("src/index.ts",
                       "import { poll } from './util.js';\n"
                       "import * as store from '../store';\n"
                       "const { save } = require('./save');\n"
                       "class Worker { run() { this.step(); } step() {} }\n"
                       "export const handler = async (event) => {\n"
                       "  await poll();\n"
                       "  store.put(event);\n"
                       "  save(event);\n"
                       "  new Worker().run();\n"
                       "  [1].map(helper);\n"
                       "};\n"
                       "function helper() {}\n");
  const CodeFunction* h = find_code_function(ts, "handler");
  ASSERT_TRUE(h);
  EXPECT_TRUE(calls(*h, "js:src/util.js:poll"));
  EXPECT_TRUE(calls(*h, "js:src/util.ts:poll")) << "a .ts source imported as .js";
  EXPECT_TRUE(calls(*h, "js:store.ts:put"));
  EXPECT_TRUE(calls(*h, "js:store/index.js:put"));
  EXPECT_TRUE(calls(*h, "js:src/save.js:save"));
  EXPECT_TRUE(calls(*h, "js:src/index.ts:Worker.run"));
  EXPECT_TRUE(calls(*h, "js:src/index.ts:helper"));
  const CodeFunction* run = find_code_function(ts, "Worker.run");
  ASSERT_TRUE(run);
  EXPECT_TRUE(calls(*run, "js:src/index.ts:Worker.step"));
}

TEST(NodeHandlers, LoopFactsAndSleeps) {
  FileFacts facts = parse("a.mjs",
                          "import { setTimeout as wait } from 'node:timers/promises';\n"
                          "export async function handler(event, context) {\n"
                          "  while (true) { switch (event.x) { case 1: break; } }\n"
                          "  for (;;) { if (event.y) break; }\n"
                          "  do { const f = () => { return 1; }; } while (1);\n"
                          "  while (event.z) { await wait(10); }\n"
                          "  outer: for (;;) { for (;;) { break outer; } }\n"
                          "  while (context.getRemainingTimeInMillis() > 100) {\n"
                          "    await new Promise((r) => setTimeout(r, 10));\n"
                          "  }\n"
                          "}\n");
  const CodeFunction* h = find_code_function(facts, "handler");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->loops.size(), 7u);
  EXPECT_TRUE(h->loops[0].condition_always_true);
  EXPECT_FALSE(h->loops[0].has_exit) << "a switch's break is its own";
  EXPECT_TRUE(h->loops[1].has_exit);
  EXPECT_EQ(h->loops[2].kind, "do");
  EXPECT_FALSE(h->loops[2].has_exit) << "a nested function's return is its own";
  EXPECT_TRUE(h->loops[2].condition_always_true);
  EXPECT_FALSE(h->loops[3].condition_always_true);
  EXPECT_EQ(h->loops[3].sleep_name, "setTimeout (timers/promises)");
  EXPECT_TRUE(h->loops[4].has_exit) << "a labeled break";
  EXPECT_TRUE(h->loops[6].sleep_call.has_value());
  EXPECT_TRUE(h->loops[6].reads_deadline);
}

TEST(NodeHandlers, ModuleStateClientsAndLazyInitialisation) {
  FileFacts facts = parse("a.js",
                          "const { S3Client } = require('@aws-sdk/client-s3');\n"
                          "const cache = new Map();\n"
                          "let count = 0;\n"
                          "let client;\n"
                          "let other = null;\n"
                          "const s3 = new S3Client({});\n"
                          "exports.handler = async (event) => {\n"
                          "  cache.set(1, 2);\n"
                          "  count += 1;\n"
                          "  client ?\?= new S3Client({});\n"
                          "  if (!other) other = new S3Client({});\n"
                          "  const cache2 = new S3Client({});\n"
                          "  const count3 = s3;\n"
                          "  return [cache2, count3];\n"
                          "};\n");
  const CodeFunction* h = find_code_function(facts, "handler");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->static_mutations.size(), 2u);
  EXPECT_EQ(h->static_mutations[0].variable, "cache");
  EXPECT_EQ(h->static_mutations[0].declared.line(), 2u);
  EXPECT_EQ(h->static_mutations[1].operation, "`+=`");
  ASSERT_EQ(h->clients.size(), 3u);
  EXPECT_TRUE(h->clients[0].once);
  EXPECT_TRUE(h->clients[1].once);
  EXPECT_FALSE(h->clients[2].once);
  EXPECT_EQ(h->clients[2].type, "new S3Client");
  EXPECT_EQ(h->clients[2].kind, "client");
}

TEST(NodeHandlers, PromisesAwaitedTogetherAreNoBackgroundWorkDroppedOnesAre) {
  FileFacts facts = parse("app.mjs",
                          "async function send(x) { return x; }\n"
                          "export const handler = async (event) => {\n"
                          "  const all = [];\n"
                          "  for (const r of event.Records) all.push(send(r));\n"
                          "  await Promise.all(all);\n"
                          "  await Promise.allSettled([send(1), send(2)]);\n"
                          "  const kept = send(3);\n"
                          "  await kept;\n"
                          "  const dropped = send(4);\n"
                          "  return 'ok';\n"
                          "};\n");
  const CodeFunction* h = find_code_function(facts, "handler");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->threads.size(), 1u);
  EXPECT_EQ(h->threads[0].where.line(), 9u);
  EXPECT_EQ(h->threads[0].outlives, "never awaited");
}

TEST(NodeHandlers, InitOnceFlagsAndGuardsAreNoMutationButAliasedWritesAre) {
  FileFacts facts = parse("app.js",
                          "let ready = false;\n"
                          "let config;\n"
                          "const seen = new Map();\n"
                          "exports.handler = async (event) => {\n"
                          "  ready = true;\n"
                          "  if (config) return config;\n"
                          "  config = JSON.parse(event.body);\n"
                          "  const index = seen;\n"
                          "  index.set(event.id, 1);\n"
                          "};\n");
  const CodeFunction* h = find_code_function(facts, "handler");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->static_mutations.size(), 1u);
  EXPECT_EQ(h->static_mutations[0].variable, "seen");
  EXPECT_EQ(h->static_mutations[0].where.line(), 9u);
}

TEST(NodeHandlers, LoopsOverTheEventAndSleepHelpers) {
  FileFacts facts = parse("app.js",
                          "const pause = (ms) => new Promise((r) => setTimeout(r, ms));\n"
                          "exports.handler = async (event) => {\n"
                          "  const records = event.Records ?? [];\n"
                          "  for (const r of records) await pause(10);\n"
                          "  for (let i = 0; i < records.length; i++) await pause(10);\n"
                          "  for (let i = 0; i < 5; i++) await pause(10);\n"
                          "};\n");
  const CodeFunction* h = find_code_function(facts, "handler");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->loops.size(), 3u);
  EXPECT_TRUE(h->loops[0].over_event);
  EXPECT_TRUE(h->loops[1].over_event);
  EXPECT_FALSE(h->loops[2].over_event);
  EXPECT_EQ(h->loops[2].sleep_name, "pause() (which awaits new Promise(r => setTimeout(r, ...)))");
}

TEST(NodeHandlers, MethodsOfObjectsBuiltAtModuleLevelAndInConstructors) {
  FileFacts facts = parse("src/app.js",
                          "const { Service } = require('./service');\n"
                          "const shared = new Service();\n"
                          "class Job {\n"
                          "  constructor() { this.svc = new Service(); }\n"
                          "  go() { return this.svc.run(); }\n"
                          "}\n"
                          "exports.handler = async (event) => {\n"
                          "  shared.flush();\n"
                          "  return new Job().go();\n"
                          "};\n");
  const CodeFunction* h = find_code_function(facts, "handler");
  ASSERT_TRUE(h);
  EXPECT_TRUE(calls(*h, "js:src/service.js:Service.flush"));
  EXPECT_TRUE(calls(*h, "js:src/app.js:Job.go"));
  const CodeFunction* go = find_code_function(facts, "Job.go");
  ASSERT_TRUE(go);
  EXPECT_TRUE(calls(*go, "js:src/service.js:Service.run"));
}

TEST(NodeHandlers, DatabaseConnectionsByTheirLibraryNotTheirName) {
  FileFacts facts = parse("app.mjs",
                          "import Redis from 'ioredis';\n"
                          "import { createPool } from 'mysql2/promise';\n"
                          "function connect(url) { return url; }\n"
                          "export const handler = async (event) => {\n"
                          "  const r = new Redis();\n"
                          "  const p = createPool({});\n"
                          "  return [r, p, connect('x')];\n"
                          "};\n");
  const CodeFunction* h = find_code_function(facts, "handler");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->clients.size(), 2u);
  EXPECT_EQ(h->clients[0].kind, "connection");
  EXPECT_EQ(h->clients[1].kind, "connection");
  EXPECT_EQ(h->clients[1].where.line(), 6u);
}

TEST(NodeHandlers, IacHandlerLinksAnExportOfTheCodeDirectory) {
  EXPECT_EQ(node::handler_usrs("fn", "src/app.handler").front(), "js:fn/src/app.js:handler");
  Function fn;
  fn.id = {"template.yaml", "Worker"};
  fn.code_dir = "fn";
  fn.handler.value = "src/app.main";
  FileFacts iac;
  iac.file = "template.yaml";
  iac.functions.push_back(fn);
  FileFacts app = parse("fn/src/app.ts",
                        "import { poll } from './util.js';\n"
                        "export const main = async (e: unknown) => { await poll(); };\n"
                        "export const handler = async (event) => {};\n");
  FileFacts util = parse("fn/src/util.ts", "export async function poll() { for (;;) {} }\n");
  WorkloadGraph g = WorkloadGraph::link({iac, app, util});
  const CodeFunction* poll = nullptr;
  const CodeFunction* convention = nullptr;
  for (const CodeFunction& f : g.code_functions) {
    if (f.name == "poll") poll = &f;
    if (f.name == "handler") convention = &f;
  }
  ASSERT_TRUE(poll && convention);
  const CodeFunction* handler = g.reaching_handler(*poll);
  ASSERT_TRUE(handler);
  EXPECT_EQ(handler->name, "main");
  ASSERT_EQ(g.functions_running(*handler).size(), 1u);
  EXPECT_EQ(g.functions_running(*handler)[0]->id.name, "Worker");
  EXPECT_FALSE(convention->is_handler) << "the Handler names another export";
}

TEST(NodeHandlers, LimitsAreParseErrorsSyntaxErrorsAreNot) {
  ParseLimits shallow;
  shallow.max_nesting_depth = 50;
  FileFacts deep =
      parse("deep.js", "x = " + std::string(200, '[') + std::string(200, ']') + ";\n", shallow);
  ASSERT_EQ(deep.parse_errors.size(), 1u);
  EXPECT_NE(deep.parse_errors[0].message.find("limits.max_nesting_depth"), std::string::npos);

  ParseLimits no_time;
  no_time.parse_timeout_ms = 0;
  std::string big;
  for (int i = 0; i < 20000; ++i)
    big += "function f" + std::to_string(i) + "(a, b) { return a; }\n";
  FileFacts slow = parse("slow.ts", big, no_time);
  ASSERT_EQ(slow.parse_errors.size(), 1u);
  EXPECT_NE(slow.parse_errors[0].message.find("limits.parse_timeout_ms"), std::string::npos);

  FileFacts broken = parse("broken.js", "exports.handler = async (event) => {\n  while (true) {\n");
  EXPECT_TRUE(broken.parse_errors.empty());
  ASSERT_TRUE(find_code_function(broken, "handler"));
  FileFacts jsx = parse("view.tsx", "export const V = () => <div>{x as number}</div>;\n");
  EXPECT_TRUE(jsx.parse_errors.empty());
}

TEST(NodeHandlers, IgnoreComments) {
  std::vector<Suppression> s =
      node::node_suppressions("a.js", "cache.set(k, v); // rightfit:ignore RF201 bounded\n");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].rules, std::vector<std::string>{"RF201"});
}

}  // namespace
}  // namespace rightfit
