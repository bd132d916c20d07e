// Python handlers through tree-sitter-python: the facts of one file, calls resolved across
// modules, handlers named by IaC or by convention, and the limits.
#include <gtest/gtest.h>

#include "analyzer/workload_graph.h"
#include "parsers/python/python_parser.h"
#include "tests/code_facts.h"

namespace rightfit {
namespace {

FileFacts parse(const std::string& path, const std::string& text, ParseLimits limits = {}) {
  return python::parse_python(path, text, limits);
}

using testing_support::calls;
using testing_support::find_code_function;

TEST(PythonHandlers, FunctionsMethodsAndNestedFunctionsWithPositions) {
  FileFacts facts = parse("src/app.py",
                          "import json\n"
                          "\n"
                          "class Worker:\n"
                          "    def run(self):\n"
                          "        return self.step()\n"
                          "    def step(self):\n"
                          "        return 1\n"
                          "\n"
                          "def lambda_handler(event, context):\n"
                          "    def inner():\n"
                          "        return Worker().run()\n"
                          "    return inner()\n");
  ASSERT_EQ(facts.code_functions.size(), 4u);
  const CodeFunction* handler = find_code_function(facts, "lambda_handler");
  ASSERT_TRUE(handler);
  EXPECT_TRUE(handler->is_handler);
  EXPECT_EQ(handler->language, "python");
  EXPECT_EQ(handler->usr, "py:src/app.py:lambda_handler");
  EXPECT_EQ(handler->where.line(), 9u);
  EXPECT_EQ(handler->where.column(), 5u);
  EXPECT_TRUE(calls(*handler, "py:src/app.py:lambda_handler.inner"));
  const CodeFunction* inner = find_code_function(facts, "lambda_handler.inner");
  ASSERT_TRUE(inner);
  EXPECT_FALSE(inner->is_handler);
  EXPECT_TRUE(calls(*inner, "py:src/app.py:Worker.__init__"));
  const CodeFunction* run = find_code_function(facts, "Worker.run");
  ASSERT_TRUE(run);
  EXPECT_TRUE(calls(*run, "py:src/app.py:Worker.step"));
}

TEST(PythonHandlers, HandlerByConventionNeedsEventAndContext) {
  FileFacts facts = parse("h.py",
                          "def handler(event, context): pass\n"
                          "def lambda_handler(evt, ctx): pass\n"
                          "def main(event, context): pass\n");
  EXPECT_TRUE(find_code_function(facts, "handler")->is_handler);
  EXPECT_FALSE(find_code_function(facts, "lambda_handler")->is_handler);
  EXPECT_FALSE(find_code_function(facts, "main")->is_handler);
}

TEST(PythonHandlers, CallsThroughRelativeSiblingAndPackageImports) {
  FileFacts facts = parse("fn/pkg/app.py",
                          "from .util import poll\n"
                          "from . import store\n"
                          "import helpers\n"
                          "from pkg.db import connect as db_connect\n"
                          "def handle(event, context):\n"
                          "    poll()\n"
                          "    store.put()\n"
                          "    helpers.work()\n"
                          "    db_connect()\n");
  const CodeFunction* h = find_code_function(facts, "handle");
  ASSERT_TRUE(h);
  EXPECT_TRUE(calls(*h, "py:fn/pkg/util.py:poll"));
  EXPECT_TRUE(calls(*h, "py:fn/pkg/store.py:put"));
  EXPECT_TRUE(calls(*h, "py:fn/pkg/helpers.py:work"));
  EXPECT_TRUE(calls(*h, "py:fn/helpers.py:work"));  // the code directory may be fn/
  EXPECT_TRUE(calls(*h, "py:fn/pkg/db.py:connect"));
}

TEST(PythonHandlers, ModuleLevelClientIsNoFindingButOneInTheHandlerIs) {
  FileFacts facts = parse("app.py",
                          "import boto3\n"
                          "s3 = boto3.client('s3')\n"
                          "_ssm = None\n"
                          "def handler(event, context):\n"
                          "    global _ssm\n"
                          "    if _ssm is None:\n"
                          "        _ssm = boto3.client('ssm')\n"
                          "    sqs = boto3.Session().client('sqs')\n"
                          "    return s3, sqs\n");
  const CodeFunction* h = find_code_function(facts, "handler");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->clients.size(), 2u);
  EXPECT_EQ(h->clients[0].type, "boto3.client('ssm')");
  EXPECT_TRUE(h->clients[0].once);
  EXPECT_EQ(h->clients[1].where.line(), 8u);
  EXPECT_FALSE(h->clients[1].once);
  EXPECT_EQ(h->clients[1].kind, "client");
  EXPECT_TRUE(h->static_mutations.empty());  // caching a client in a global is no finding
}

TEST(PythonHandlers, LoopsMutationsFilesThreadsServers) {
  FileFacts facts = parse("app.py",
                          "import time, threading\n"
                          "CACHE = {}\n"
                          "def handler(event, context):\n"
                          "    while True:\n"
                          "        time.sleep(1)\n"
                          "        if context.get_remaining_time_in_millis() < 1000:\n"
                          "            break\n"
                          "    CACHE.setdefault('k', []).append(1)\n"
                          "    open('/data/x', 'w+')\n"
                          "    t = threading.Thread(target=handler)\n"
                          "    t.daemon = True\n"
                          "    t.start()\n");
  const CodeFunction* h = find_code_function(facts, "handler");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->loops.size(), 1u);
  EXPECT_TRUE(h->loops[0].condition_always_true);
  EXPECT_TRUE(h->loops[0].has_exit);
  EXPECT_TRUE(h->loops[0].reads_deadline);
  EXPECT_EQ(h->loops[0].sleep_name, "time.sleep");
  ASSERT_FALSE(h->static_mutations.empty());
  EXPECT_EQ(h->static_mutations[0].variable, "CACHE");
  EXPECT_EQ(h->static_mutations[0].declared.line(), 2u);
  ASSERT_EQ(h->file_writes.size(), 1u);
  EXPECT_EQ(h->file_writes[0].path, "/data/x");
  ASSERT_EQ(h->threads.size(), 1u);
  EXPECT_EQ(h->threads[0].outlives, "never joined (daemon=True)");
}

TEST(PythonHandlers, IacHandlerLinksAcrossModules) {
  Function fn;
  fn.id = {"template.yaml", "Worker"};
  fn.code_dir = "src";
  fn.handler.value = "orders.app.handle";
  FileFacts iac;
  iac.file = "template.yaml";
  iac.functions.push_back(fn);
  FileFacts app = parse("src/orders/app.py",
                        "from .util import poll\n"
                        "def handle(evt, ctx):\n"
                        "    poll()\n");
  FileFacts util = parse("src/orders/util.py",
                         "def poll():\n"
                         "    while True:\n"
                         "        pass\n");
  WorkloadGraph g = WorkloadGraph::link({iac, app, util});
  const CodeFunction* poll = nullptr;
  for (const CodeFunction& f : g.code_functions) {
    if (f.name == "poll") poll = &f;
  }
  ASSERT_TRUE(poll);
  const CodeFunction* handler = g.reaching_handler(*poll);
  ASSERT_TRUE(handler);
  EXPECT_EQ(handler->name, "handle");
  ASSERT_EQ(g.functions_running(*handler).size(), 1u);
  EXPECT_EQ(g.functions_running(*handler)[0]->id.name, "Worker");
}

TEST(PythonHandlers, ThreadsJoinedThroughAContainerAndPoolsWaitedFor) {
  FileFacts facts = parse("app.py",
                          "import threading\n"
                          "from concurrent.futures import ThreadPoolExecutor\n"
                          "POOL = ThreadPoolExecutor()\n"
                          "def handler(event, context):\n"
                          "    workers, kept = [], []\n"
                          "    for i in range(3):\n"
                          "        w = threading.Thread(target=print)\n"
                          "        w.start()\n"
                          "        workers.append(w)\n"
                          "        k = threading.Thread(target=print)\n"
                          "        k.start()\n"
                          "        kept.append(k)\n"
                          "    for each in workers:\n"
                          "        each.join()\n"
                          "    with ThreadPoolExecutor() as pool:\n"
                          "        pool.submit(print)\n"
                          "    POOL.submit(print)\n"
                          "    future = POOL.submit(print)\n"
                          "    return future.result()\n");
  const CodeFunction* h = find_code_function(facts, "handler");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->threads.size(), 3u);
  EXPECT_EQ(h->threads[0].where.line(), 7u);
  EXPECT_EQ(h->threads[0].outlives, "");  // joined as an item of `workers`
  EXPECT_EQ(h->threads[1].where.line(), 10u);
  EXPECT_EQ(h->threads[1].outlives, "never joined");  // `kept` is never joined
  EXPECT_EQ(h->threads[2].where.line(), 17u);  // its future dropped, the pool never shut down
  EXPECT_EQ(h->threads[2].api, "POOL.submit");
}

TEST(PythonHandlers, InitOnceFlagsAndGuardsAreNoMutationButAliasedWritesAre) {
  FileFacts facts = parse("app.py",
                          "_ready = False\n"
                          "_settings = None\n"
                          "SEEN = {}\n"
                          "def handler(event, context):\n"
                          "    global _ready, _settings\n"
                          "    _ready = True\n"
                          "    if _settings is not None:\n"
                          "        return _settings\n"
                          "    _settings = load()\n"
                          "    seen = SEEN\n"
                          "    seen[event['id']] = 1\n");
  const CodeFunction* h = find_code_function(facts, "handler");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->static_mutations.size(), 1u);
  EXPECT_EQ(h->static_mutations[0].variable, "SEEN");
  EXPECT_EQ(h->static_mutations[0].where.line(), 11u);
  EXPECT_EQ(h->static_mutations[0].declared.line(), 3u);
}

TEST(PythonHandlers, LoopsOverTheEventAndSleepHelpers) {
  FileFacts facts = parse("app.py",
                          "import asyncio, time\n"
                          "async def pause(s):\n"
                          "    await asyncio.sleep(s)\n"
                          "def poller():\n"
                          "    while True:\n"
                          "        time.sleep(1)\n"
                          "async def handler(event, context):\n"
                          "    records = event.get('Records', [])\n"
                          "    for r in records:\n"
                          "        time.sleep(0.1)\n"
                          "    for i in range(5):\n"
                          "        await pause(1)\n"
                          "    for j in range(5):\n"
                          "        poller()\n");
  const CodeFunction* h = find_code_function(facts, "handler");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->loops.size(), 3u);
  EXPECT_TRUE(h->loops[0].over_event);
  EXPECT_TRUE(h->loops[0].sleep_call.has_value());
  EXPECT_FALSE(h->loops[1].over_event);
  EXPECT_EQ(h->loops[1].sleep_name, "pause() (which calls asyncio.sleep)");
  EXPECT_FALSE(h->loops[2].sleep_call.has_value());  // poller() sleeps in a loop of its own
}

TEST(PythonHandlers, MethodsOfObjectsTheHandlerBuilds) {
  FileFacts facts = parse("fn/app.py",
                          "from svc.ingest import Ingest\n"
                          "shared = Ingest()\n"
                          "class Job:\n"
                          "    def __init__(self):\n"
                          "        self.runner = Ingest()\n"
                          "    def go(self):\n"
                          "        return self.runner.run()\n"
                          "def handler(event, context):\n"
                          "    shared.flush()\n"
                          "    local = Ingest()\n"
                          "    local.load()\n"
                          "    return Job().go()\n");
  const CodeFunction* h = find_code_function(facts, "handler");
  ASSERT_TRUE(h);
  EXPECT_TRUE(calls(*h, "py:fn/svc/ingest.py:Ingest.flush"));
  EXPECT_TRUE(calls(*h, "py:fn/svc/ingest.py:Ingest.load"));
  EXPECT_TRUE(calls(*h, "py:fn/app.py:Job.go"));
  const CodeFunction* go = find_code_function(facts, "Job.go");
  ASSERT_TRUE(go);
  EXPECT_TRUE(calls(*go, "py:fn/svc/ingest.py:Ingest.run"));
}

TEST(PythonHandlers, DatabaseConnectionsByTheirLibraryNotTheirName) {
  FileFacts facts = parse("app.py",
                          "import redis\n"
                          "from sqlalchemy import create_engine\n"
                          "def connect(dsn):\n"
                          "    return dsn\n"
                          "def handler(event, context):\n"
                          "    a = redis.Redis.from_url('redis://x')\n"
                          "    b = create_engine('postgresql://x')\n"
                          "    c = connect('x')\n");
  const CodeFunction* h = find_code_function(facts, "handler");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->clients.size(), 2u);
  EXPECT_EQ(h->clients[0].type, "redis.Redis.from_url");
  EXPECT_EQ(h->clients[0].kind, "connection");
  EXPECT_EQ(h->clients[1].type, "sqlalchemy.create_engine");
}

TEST(PythonHandlers, ValidModernPythonHasNoParseError) {
  FileFacts facts = parse("modern.py",
                          "type Point = tuple[float, float]\n"
                          "def first[T](xs: list[T]) -> T:\n"
                          "    match xs:\n"
                          "        case [x, *_]:\n"
                          "            return x\n"
                          "        case _:\n"
                          "            raise ValueError(f\"{xs!r:>10}\")\n"
                          "async def main():\n"
                          "    async with lock as l, other:\n"
                          "        print(*[y async for y in gen()], sep='')\n"
                          "    if (n := 10) > 5: pass\n");
  EXPECT_TRUE(facts.parse_errors.empty());
  EXPECT_EQ(facts.code_functions.size(), 2u);
}

TEST(PythonHandlers, LimitsAreParseErrors) {
  ParseLimits shallow;
  shallow.max_nesting_depth = 50;
  FileFacts deep =
      parse("deep.py", "x = " + std::string(200, '(') + std::string(200, ')') + "\n", shallow);
  ASSERT_EQ(deep.parse_errors.size(), 1u);
  EXPECT_NE(deep.parse_errors[0].message.find("limits.max_nesting_depth"), std::string::npos);

  ParseLimits no_time;
  no_time.parse_timeout_ms = 0;
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "def f" + std::to_string(i) + "(a, b):\n    return a\n";
  FileFacts slow = parse("slow.py", big, no_time);
  ASSERT_EQ(slow.parse_errors.size(), 1u);
  EXPECT_NE(slow.parse_errors[0].message.find("limits.parse_timeout_ms"), std::string::npos);
}

TEST(PythonHandlers, SyntaxErrorsAreRecoveredNotReported) {
  FileFacts facts = parse("broken.py",
                          "def handler(event, context):\n"
                          "    x = (1,\n"
                          "    while True:\n"
                          "        pass\n");
  EXPECT_TRUE(facts.parse_errors.empty());
}

TEST(PythonHandlers, IgnoreComments) {
  std::vector<Suppression> s =
      python::python_suppressions("a.py", "X = {}  # rightfit:ignore RF201 bounded\n");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].rules, std::vector<std::string>{"RF201"});
}

}  // namespace
}  // namespace rightfit
