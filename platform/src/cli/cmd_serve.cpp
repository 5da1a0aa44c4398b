// `modelsat serve --model model.msq`: the routing page and the JSON routing API over HTTP (loopback by default).
#include "arg_parser.h"
#include "commands.h"
#include "data_args.h"

#include "serve/http_api.h"
#include "serve/routing_service.h"
#include "serve/stop_on_signal.h"

#include "modelsat/atomic_file.h"
#include "modelsat/error.h"
#include "modelsat/log.h"

#include <csignal>
#include <filesystem>
#include <ostream>

namespace modelsat::cli {
namespace {

namespace fs = std::filesystem;
const char* const kCommand = "modelsat serve";

/// <prefix>/share/modelsat/web next to an installed binary (<prefix>/bin/modelsat); empty when absent.
std::string installed_web_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  const fs::path dir = exe.parent_path().parent_path() / "share" / "modelsat" / "web";
  return fs::is_directory(dir) ? dir.string() : "";
}

/// The folders served at "/": the page, then the folder holding msq_router.js/.wasm. A folder named on the command
/// line must exist; the default WebAssembly folder may be missing (a build without Emscripten): the API still works.
std::vector<std::string> static_dirs(const ParsedArgs& parsed) {
  const std::string installed = installed_web_dir();
  std::string web = parsed.value("--web-dir", installed.empty() ? MODELSAT_WEB_SOURCE_DIR : installed);
  std::string wasm = parsed.value("--wasm-dir", installed.empty() ? MODELSAT_WASM_BUILD_DIR : installed);
  auto require_folder = [](const std::string& option, const std::string& dir) {
    if (!fs::is_directory(dir))
      throw UsageError(std::string(kCommand) + ": " + option + ": not a folder (got '" + dir + "'); see '" + kCommand +
                       " --help'");
  };
  require_folder("--web-dir", web);
  if (parsed.flag("--wasm-dir")) require_folder("--wasm-dir", wasm);
  if (!fs::is_regular_file(fs::path(web) / "index.html"))
    throw IoError(web + "/index.html: cannot read: no such file (expected the page's folder, web/ of the source tree)");
  if (!fs::is_regular_file(fs::path(wasm) / "msq_router.js") && !fs::is_regular_file(fs::path(web) / "msq_router.js"))
    log_warn(kCommand, wasm + ": no msq_router.js: the API works, the page cannot route (build the WebAssembly "
                              "runtime, see wasm/README.md, or pass --wasm-dir)");
  if (!fs::is_directory(wasm) || fs::equivalent(web, wasm)) return {web};
  return {web, wasm};
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace

int run_serve_command(CliContext& context, const std::vector<std::string>& args) {
  ArgParser parser(kCommand, "Serve the routing page (web/) and a JSON routing API for one exported model.");
  parser.option("--model", "FILE", "the int8 model to serve (model.msq from `modelsat export`; required)")
      .option("--host", "ADDRESS", "address to listen on (default 127.0.0.1: this machine only)")
      .option("--port", "N", "port (default 8080; 0 picks a free one and prints it)")
      .option("--web-dir", "DIR", "the page's folder (default: the installed page, else web/ of the source tree)")
      .option("--wasm-dir", "DIR", "folder holding msq_router.js and msq_router.wasm (default: the installed page, "
                                   "else the build's WebAssembly output)")
      .option("--persist-models", "FILE", "keep onboarded models in FILE (read at start, rewritten atomically after "
                                          "each POST /v1/models); without it they live in memory only")
      .option("--max-body-bytes", "N", "largest request body accepted (default 65536; larger gets 413)")
      .option("--timeout", "SECONDS", "read and write timeout per request (default 5)")
      .option("--threads", "N", "request worker threads (default 4)");
  parser.epilog(
      "Endpoints: GET /healthz; GET /v1/models; POST /v1/models {\"name\", \"aptitude\": [one accuracy in [0, 1] per "
      "task], \"cost\"?}; POST /v1/route {\"instruction\", \"zoo\"? | \"models\"?}. Errors are {\"error\": "
      "\"...\"} with a 4xx status. The page is at /, the model at /model.msq, examples.json (beside the model) at "
      "/examples.json.\nPrints `serving on http://HOST:PORT/` once it accepts connections; SIGINT or SIGTERM stops "
      "it.\nExit status: 0 stopped by a signal, 1 model or port problem, 2 bad command line.");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const std::string model_path = parsed.value("--model");
  if (model_path.empty()) throw UsageError(std::string(kCommand) + ": missing --model FILE; see '" + kCommand + " --help'");
  const std::string host = parsed.value("--host", "127.0.0.1");
  const uint64_t port = parse_count(parsed.value("--port", "8080"), "--port", kCommand);
  if (port > 65535)
    throw UsageError(std::string(kCommand) + ": --port: out of range (expected 0 to 65535, got " + std::to_string(port) +
                     "); see '" + kCommand + " --help'");
  serve::HttpLimits limits;
  limits.max_body_bytes = parse_count(parsed.value("--max-body-bytes", "65536"), "--max-body-bytes", kCommand);
  limits.timeout_seconds = static_cast<int>(parse_count(parsed.value("--timeout", "5"), "--timeout", kCommand));
  limits.threads = static_cast<int>(parse_count(parsed.value("--threads", "4"), "--threads", kCommand));
  if (limits.max_body_bytes == 0 || limits.timeout_seconds == 0 || limits.threads == 0 || limits.threads > 256)
    throw UsageError(std::string(kCommand) + ": --max-body-bytes, --timeout and --threads must be positive (--threads at "
                     "most 256); see '" + std::string(kCommand) + " --help'");

  serve::ServedFiles files;
  files.static_dirs = static_dirs(parsed);
  auto model_bytes = std::make_shared<std::string>(read_file(model_path));
  files.model = model_bytes;
  const fs::path examples = fs::path(model_path).parent_path() / "examples.json";
  if (fs::is_regular_file(examples)) files.examples_path = examples.string();

  msq::Router router = [&] {
    try {
      return msq::Router::from_bytes(reinterpret_cast<const uint8_t*>(model_bytes->data()), model_bytes->size(),
                                     model_path);
    } catch (const msq::FormatError& error) {
      throw DataError(error.what());
    }
  }();
  serve::RoutingService service(std::move(router), parsed.value("--persist-models"));

  std::signal(SIGPIPE, SIG_IGN);  // a client (or a closed stdout) that hangs up must not end the server
  httplib::Server server;
  serve::configure_server(server, service, files, limits);
  const int bound_port = port == 0 ? server.bind_to_any_port(host)
                                   : (server.bind_to_port(host, static_cast<int>(port)) ? static_cast<int>(port) : -1);
  if (bound_port < 0)
    throw IoError(std::string(kCommand) + ": cannot listen on " + host + ":" + std::to_string(port) +
                  ": address in use or not available (expected a free port on a local address)");
  if (!is_loopback(host))
    log_warn(kCommand, "listening on " + host + ", not loopback: anyone who reaches it can route and onboard models");
  const size_t listed = service.list_models()["models"].size();
  log_info(kCommand, model_path + ": " + std::to_string(service.n_tasks()) + " tasks, " + std::to_string(listed) +
                         " models; page from " + files.static_dirs.front());
  context.out() << "serving on http://" << host << ":" << bound_port << "/" << std::endl;

  const bool clean = serve::run_until_signal([&] { return server.listen_after_bind(); }, [&] { server.stop(); });
  context.out() << "stopped" << std::endl;
  return clean ? 0 : 1;
}

}  // namespace modelsat::cli
