// The cost chart of one workload as inline SVG: USD per month (y) against requests per month
// (x; runs per month for scheduled work, both lines for all of a run's tasks: a scheduled ECS
// task's Lambda line is an invocation per task, WorkloadCost::lambda_at). Lambda grows with
// requests; Fargate is flat for a service and steps up one task at a time for a function's Fargate
// alternative. Elements carry data-* attributes so tests (and readers of the source) can find the
// series and markers.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "integrations/report/cost_report.h"

namespace rightfit {

namespace {

constexpr double kWidth = 640;
constexpr double kHeight = 320;
constexpr double kLeft = 72;
constexpr double kRight = 24;
constexpr double kTop = 40;
constexpr double kBottom = 48;
constexpr int kMaxSteps = 400;  // beyond this, Fargate's steps are drawn from samples
constexpr const char* kLambdaColor = "#c2410c";
constexpr const char* kFargateColor = "#1d4ed8";

struct Axis {
  double max = 1;
  double step = 1;
};

// An axis from 0 that ends on a round value past `value`, with 4-6 ticks of 1, 2, 2.5 or 5
// times a power of ten.
Axis nice_axis(double value) {
  if (!(value > 0)) value = 1;
  const double raw = value / 5;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  Axis axis;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    axis.step = m * magnitude;
    if (axis.step >= raw * (1 - 1e-9)) break;
  }
  axis.max = std::ceil(value / axis.step - 1e-9) * axis.step;
  return axis;
}

std::string num(double v) { return svg_number(v); }

// Money on the axis: no cents once the values are large.
std::string axis_usd(double usd, double step) {
  if (step >= 1) {
    std::string text = format_usd(usd);
    return text.substr(0, text.size() - 3);
  }
  return format_usd(usd);
}

class Plot {
 public:
  Plot(Axis x, Axis y, std::string unit) : x_(x), y_(y), unit_(std::move(unit)) {}

  double px(double requests) const { return kLeft + requests / x_.max * (kWidth - kLeft - kRight); }
  double py(double usd) const {
    return kHeight - kBottom - std::min(usd, y_.max) / y_.max * (kHeight - kTop - kBottom);
  }
  std::string point(double requests, double usd) const {
    return num(px(requests)) + "," + num(py(usd));
  }

  std::string axes() const {
    std::string out = "<g class=\"axes\" font-size=\"11\" fill=\"#374151\">";
    const std::string x0 = num(kLeft), x1 = num(kWidth - kRight);
    const std::string y0 = num(kHeight - kBottom), y1 = num(kTop);
    for (double v = 0; v <= y_.max * (1 + 1e-9); v += y_.step) {
      out += "<line x1=\"";
      out += x0;
      out += "\" x2=\"";
      out += x1;
      out += "\" y1=\"" + num(py(v)) + "\" y2=\"" + num(py(v)) + "\" stroke=\"#e5e7eb\"/>";
      out += "<text x=\"" + num(kLeft - 6) + "\" y=\"" + num(py(v) + 4) +
             "\" text-anchor=\"end\">" + axis_usd(v, y_.step) + "</text>";
    }
    for (double v = 0; v <= x_.max * (1 + 1e-9); v += x_.step) {
      out += "<line x1=\"" + num(px(v)) + "\" x2=\"" + num(px(v)) + "\" y1=\"" + y0 + "\" y2=\"" +
             num(kHeight - kBottom + 4) + "\" stroke=\"#6b7280\"/>";
      out += "<text x=\"" + num(px(v)) + "\" y=\"" + num(kHeight - kBottom + 16) +
             "\" text-anchor=\"middle\">" + format_requests(v) + "</text>";
    }
    out += "<line x1=\"" + x0 + "\" x2=\"" + x1 + "\" y1=\"" + y0 + "\" y2=\"" + y0 +
           "\" stroke=\"#6b7280\"/>";
    out += "<line x1=\"" + x0 + "\" x2=\"" + x0 + "\" y1=\"" + y0 + "\" y2=\"" + y1 +
           "\" stroke=\"#6b7280\"/>";
    out += "<text x=\"" + num((kLeft + kWidth - kRight) / 2) + "\" y=\"" + num(kHeight - 8) +
           "\" text-anchor=\"middle\">" + unit_ + " per month</text>";
    out += "<text x=\"14\" y=\"" + num((kTop + kHeight - kBottom) / 2) +
           "\" text-anchor=\"middle\" transform=\"rotate(-90 14 " +
           num((kTop + kHeight - kBottom) / 2) + ")\">USD per month</text>";
    return out + "</g>";
  }

 private:
  Axis x_;
  Axis y_;
  std::string unit_;  // what the x axis counts: "requests", "runs"
};

std::vector<std::pair<double, double>> lambda_points(const WorkloadCost& c, double x_max) {
  std::vector<std::pair<double, double>> points = {{0, c.lambda_at(0)}};
  const double knee = c.lambda.provisioned_capacity();
  if (knee > 0 && knee < x_max) points.emplace_back(knee, c.lambda_at(knee));
  points.emplace_back(x_max, c.lambda_at(x_max));
  return points;
}

std::vector<std::pair<double, double>> fargate_points(const WorkloadCost& c, double x_max) {
  const FargateCost& f = c.fargate;
  if (f.run_seconds) return {{0, 0}, {x_max, c.fargate_at(x_max)}};  // a task per run
  if (f.fixed_tasks || f.requests_per_task <= 0) {
    return {{0, c.fargate_at(0)}, {x_max, c.fargate_at(0)}};
  }
  std::vector<std::pair<double, double>> points;
  const double steps = std::ceil(x_max / f.requests_per_task);
  if (steps > kMaxSteps) {
    for (int i = 0; i <= kMaxSteps * 2; ++i) {
      const double x = x_max * i / (kMaxSteps * 2);
      points.emplace_back(x, c.fargate_at(x));
    }
    return points;
  }
  double x = 0;
  for (double tasks = 1; x < x_max; ++tasks) {
    const double end = std::min(tasks * f.requests_per_task, x_max);
    points.emplace_back(x, tasks * f.task_monthly);
    points.emplace_back(end, tasks * f.task_monthly);
    x = end;
  }
  return points;
}

std::string polyline(const Plot& plot, const std::vector<std::pair<double, double>>& points,
                     const char* series, const char* color) {
  std::string out = "<polyline class=\"series " + std::string(series) + "\" data-series=\"" +
                    series + "\" fill=\"none\" stroke=\"" + color +
                    "\" stroke-width=\"2.5\" points=\"";
  for (size_t i = 0; i < points.size(); ++i) {
    if (i) out += ' ';
    out += plot.point(points[i].first, points[i].second);
  }
  return out + "\"/>";
}

std::string legend(const WorkloadCost& c) {
  const std::string fargate =
      c.fargate.run_seconds
          ? std::string(platform_name(c.platform)) + " (a task per run, at least a minute each)"
      : c.kind == WorkloadKind::Function
          ? "Fargate (always-on tasks for the load)"
          : std::string(platform_name(c.platform)) + " (always-on, flat)";
  const std::string lambda = "Lambda " + describe_lambda(c.lambda);
  std::string out = "<g class=\"legend\" font-size=\"12\" fill=\"#111827\">";
  out += "<line x1=\"" + num(kLeft) + "\" x2=\"" + num(kLeft + 24) +
         "\" y1=\"16\" y2=\"16\" stroke=\"" + kLambdaColor + "\" stroke-width=\"2.5\"/>";
  out += "<text x=\"" + num(kLeft + 30) + "\" y=\"20\">" + escape_markup(lambda) + "</text>";
  out += "<line x1=\"" + num(kLeft + 280) + "\" x2=\"" + num(kLeft + 304) +
         "\" y1=\"16\" y2=\"16\" stroke=\"" + kFargateColor + "\" stroke-width=\"2.5\"/>";
  out += "<text x=\"" + num(kLeft + 310) + "\" y=\"20\">" + escape_markup(fargate) + "</text>";
  return out + "</g>";
}

}  // namespace

std::string svg_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string cost_chart_svg(const WorkloadCost& c) {
  double span = 0;
  if (c.break_even) span = std::max(span, *c.break_even);
  if (c.requests_per_month) span = std::max(span, *c.requests_per_month);
  if (span > 0) {
    span *= 1.5;
  } else {
    span = c.fargate.requests_per_task > 0 ? 3 * c.fargate.requests_per_task : 1e6;
  }
  const Axis x = nice_axis(span);
  const double top = std::max({c.lambda_at(x.max), c.fargate_at(x.max), c.fargate_at(0)});
  const Axis y = nice_axis(top * 1.1);
  // Scheduled work is counted in runs (a scheduled function's runs are its requests too).
  const std::string unit = c.fargate.run_seconds ? "runs" : "requests";
  const Plot plot(x, y, unit);

  const std::string title = "Monthly cost of " + c.id.name + " against " + unit + " per month";
  std::string out = "<svg class=\"cost-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    num(kWidth) + "\" height=\"" + num(kHeight) + "\" viewBox=\"0 0 " +
                    num(kWidth) + " " + num(kHeight) + "\" role=\"img\" data-workload=\"" +
                    escape_markup(c.id.name) + "\"><title>" + escape_markup(title) + "</title>";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>";
  out += plot.axes();
  out += polyline(plot, fargate_points(c, x.max), "fargate", kFargateColor);
  out += polyline(plot, lambda_points(c, x.max), "lambda", kLambdaColor);
  if (c.requests_per_month && *c.requests_per_month <= x.max) {
    const double at = plot.px(*c.requests_per_month);
    const std::string label =
        (c.requests_assumed ? "assumed load " : "today ") + format_requests(*c.requests_per_month);
    out += "<g class=\"usage\" data-marker=\"usage\"><line x1=\"" + num(at) + "\" x2=\"" + num(at) +
           "\" y1=\"" + num(kTop) + "\" y2=\"" + num(kHeight - kBottom) +
           "\" stroke=\"#059669\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"" +
           num(at + 4) + "\" y=\"" + num(kTop + 12) + "\" font-size=\"12\" fill=\"#047857\">" +
           escape_markup(label) + "</text></g>";
  }
  if (c.break_even && *c.break_even <= x.max) {
    const double cx = plot.px(*c.break_even);
    const double cy = plot.py(c.lambda_at(*c.break_even));
    out += "<g class=\"crossing\" data-marker=\"crossing\"><circle cx=\"" + num(cx) + "\" cy=\"" +
           num(cy) +
           "\" r=\"6\" fill=\"#ffffff\" stroke=\"#111827\" stroke-width=\"2\"/><text x=\"" +
           num(cx + 9) + "\" y=\"" + num(cy - 9) + "\" font-size=\"12\" fill=\"#111827\">" +
           "break-even " + format_requests(*c.break_even) + "</text></g>";
  }
  out += legend(c);
  return out + "</svg>";
}

// Text and attribute values for HTML and SVG.
std::string escape_markup(std::string_view text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

}  // namespace rightfit
