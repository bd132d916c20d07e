// rightfit's stand-in for <aws/lambda-runtime/runtime.h> (aws-lambda-cpp), written from the
// library's public API. It is served from memory, after every real include directory, so a
// handler parses where the real runtime is not installed; the real header wins where it is.
// Only declarations: rightfit never compiles or runs the analysed code.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace aws {
namespace lambda_runtime {

// What one invocation receives.
struct invocation_request {
  std::string payload;
  std::string request_id;
  std::string xray_trace_id;
  std::string client_context;
  std::string cognito_identity;
  std::string function_arn;
  // When Lambda stops the invocation.
  std::chrono::time_point<std::chrono::system_clock> deadline;
  // Time left before `deadline`.
  std::chrono::milliseconds get_time_remaining() const;
};

// What a handler returns.
class invocation_response {
 public:
  static invocation_response success(std::string const& payload, std::string const& content_type);
  static invocation_response failure(std::string const& error_message,
                                     std::string const& error_type);
  bool is_success() const;
  std::string const& get_payload() const;
  std::string const& get_content_type() const;
};

// Polls the Lambda Runtime API for invocations and calls `handler` for each, forever.
void run_handler(std::function<invocation_response(invocation_request const&)> const& handler);

}  // namespace lambda_runtime
}  // namespace aws
