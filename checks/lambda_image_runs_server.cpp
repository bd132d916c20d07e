// RF302: a Lambda image that starts a resident server (or exposes a port) is a container
// service in disguise, unless the Lambda Web Adapter translates invocations into requests.
#include <algorithm>

#include "checks/check.h"
#include "checks/lambda_images.h"

namespace rightfit {
namespace {

bool has(const std::vector<std::string>& w, size_t i, std::string_view value) {
  return i < w.size() && w[i] == value;
}

// `flask [--app x] [--debug] ... run`: the first word that is not a global option is the
// subcommand. Options that take a value (`--app x`, `-A x`, `--env-file f`, `-e f`) skip it.
bool flask_runs(const std::vector<std::string>& w) {
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& word = w[i];
    if (word == "run") return true;
    if (word.empty() || word[0] != '-') return false;
    const bool takes_value =
        word == "--app" || word == "-A" || word == "--env-file" || word == "-e";
    if (takes_value) ++i;
  }
  return false;
}

// The server a command starts, or empty.
std::string server_started_by(std::vector<std::string> w) {
  while (!w.empty() && (w[0] == "exec" || w[0] == "env" || w[0].find('=') != std::string::npos)) {
    w.erase(w.begin());
  }
  if (w.empty()) return {};
  std::string tool = program_name(w[0]);  // not const: returned by move
  for (std::string_view server : {"nginx", "httpd", "apache2", "apache2ctl", "gunicorn", "uvicorn",
                                  "hypercorn", "daphne", "waitress-serve", "caddy"}) {
    if (tool == server) return tool;
  }
  if (tool == "flask" && flask_runs(w)) return "flask run";
  if (tool.rfind("python", 0) == 0 && has(w, 1, "-m") && w.size() > 2) {
    std::vector<std::string> module(w.begin() + 2, w.end());
    if (module[0] == "http.server") return "python -m http.server";
    return server_started_by(module);
  }
  if (tool == "node" && w.size() > 1 && program_name(w[1]).rfind("server", 0) == 0)
    return "node " + program_name(w[1]);
  if ((tool == "npm" || tool == "yarn" || tool == "pnpm") &&
      (has(w, 1, "start") || (has(w, 1, "run") && has(w, 2, "start")))) {
    return tool + " start";
  }
  if (tool == "java" && std::find(w.begin(), w.end(), "-jar") != w.end()) return "java -jar";
  if (tool == "sleep" && has(w, 1, "infinity")) return "sleep infinity";
  if (tool == "tail" && has(w, 1, "-f")) return "tail -f";
  return {};
}

struct Server {
  std::string name;
  const ImageCommand* command = nullptr;
};

std::optional<Server> find_server(const Image& image) {
  for (const std::optional<ImageCommand>* c : {&image.entrypoint, &image.cmd}) {
    if (!c->has_value()) continue;
    const ImageCommand& command = **c;
    for (const ShellCommand& cmd : command.commands) {
      std::string name = server_started_by(cmd.words);
      if (!name.empty()) return Server{name, &command};
    }
  }
  return std::nullopt;
}

class LambdaImageRunsServer : public Check {
 public:
  LambdaImageRunsServer()
      : Check(describe_rule("RF302", "lambda-image-runs-server", Severity::Error,
                            "A Lambda container image starts a long-lived server or exposes a "
                            "port, without the Lambda Web Adapter.",
                            "lambda_image_runs_server")
                  .reading(RuleTag::Image)
                  .bearing_on(
                      PlacementBearing(PlacementAxis::Startup, Lean::Fargate, Strength::Hard))) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    for (const Image& image : ctx.graph.images) {
      if (!builds_lambda_image(ctx.graph, image) || lambda_web_adapter(image)) continue;
      std::vector<SourceRange> exposes;
      for (const ImageStage* stage : final_chain(image)) {
        exposes.insert(exposes.end(), stage->exposes.begin(), stage->exposes.end());
      }
      std::optional<Server> server = find_server(image);
      if (!server && exposes.empty()) continue;
      out.push_back(report(ctx.graph, image, server, exposes));
    }
  }

 private:
  Finding report(const WorkloadGraph& g, const Image& image, const std::optional<Server>& server,
                 const std::vector<SourceRange>& exposes) const {
    const std::string what =
        server ? "starts a long-lived server (" + server->name + ")" : "exposes a port";
    Finding f = diag(server ? server->command->where : exposes.front(),
                     "this Lambda image " + what +
                         ": Lambda invokes a handler through the Runtime API and never routes "
                         "traffic to a port, so the server only burns the invocation's time. Run "
                         "it as an ECS/Fargate service, or add the AWS Lambda Web Adapter");
    f.substance = server ? "server:" + server->name : "expose";
    for (const SourceRange& e : exposes) {
      if (server) f.related.push_back({e, "port exposed here"});
    }
    for (RelatedLocation& r : function_links(g, image)) f.related.push_back(std::move(r));
    return f;
  }
};

}  // namespace

std::unique_ptr<Check> make_lambda_image_runs_server() {
  return std::make_unique<LambdaImageRunsServer>();
}

}  // namespace rightfit
