# The Terraform module of the workload-map tests and bench: a queue and the function that
# drains it, called several times from one root module.
variable "name" {
  type = string
}

resource "aws_sqs_queue" "jobs" {
  name                       = "${var.name}-jobs"
  visibility_timeout_seconds = 180
}

resource "aws_lambda_function" "handler" {
  function_name = "${var.name}-handler"
  role          = "arn:aws:iam::123456789012:role/settlement"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 30
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.handler.arn
}
