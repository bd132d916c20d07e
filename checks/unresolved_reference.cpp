// RF002: a value a rule needs is not statically known; reported once per resource so users
// know which checks were skipped and why.
#include <map>

#include "checks/check.h"

namespace rightfit {
namespace {

struct Gap {
  std::string property;
  SourceRange where;
  std::string reason;
};

struct ResourceGaps {
  std::string type;
  std::vector<Gap> gaps;
};

class UnresolvedReferenceCheck : public Check {
 public:
  UnresolvedReferenceCheck()
      : Check(describe_rule("RF002", "unresolved-reference", Severity::Info,
                            "A value a rule needs cannot be resolved statically; the rule was "
                            "skipped for that resource.",
                            "unresolved_reference")
                  .bearing_on(
                      PlacementBearing(PlacementAxis::Customization, Lean::Neutral, Strength::None)
                          .when_value_unresolved())) {}

  void run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    std::map<EntityId, ResourceGaps> by_resource;
    collect(ctx.graph, by_resource);
    for (auto& [id, r] : by_resource) out.push_back(report(id, r));
  }

 private:
  static void add(std::map<EntityId, ResourceGaps>& to, const ResourceFact& owner,
                  const std::string& property, const Property<double>& p) {
    if (!p.is_unresolved() || !p.written) return;  // unresolved values are written ones
    ResourceGaps& r = to[owner.id];
    r.type = owner.type;
    r.gaps.push_back(Gap{property, *p.written, p.unresolved});
  }

  static void collect(const WorkloadGraph& g, std::map<EntityId, ResourceGaps>& to) {
    for (const Function& f : g.functions) {
      add(to, f, "Timeout", f.timeout_s);
      add(to, f, "MemorySize", f.memory_mb);
      // RF201 says how many requests share one process on Managed Instances.
      if (f.capacity_provider)
        add(to, f, "PerExecutionEnvironmentMaxConcurrency", f.requests_per_environment);
    }
    // A queue's visibility timeout matters only when a function consumes it (RF106).
    for (const Trigger& t : g.triggers) {
      const Queue* q = t.source ? g.queue(t.scope, *t.source) : nullptr;
      const Function* f = g.function(t.scope, t.function);
      if (q && f) {
        add(to, *q, "VisibilityTimeout", q->visibility_timeout_s);
        add(to, *f, "MaximumBatchingWindowInSeconds", t.batching_window_s);
      }
    }
    for (const Unresolved& u : g.unresolved) {
      to[u.resource].gaps.push_back(Gap{u.property, u.where, u.reason});
    }
    // The image rules need the Dockerfile a function is built from.
    for (const auto& [id, where] : g.missing_images) {
      const Function* f = g.function(id.scope, id.name);
      to[id].gaps.push_back(
          Gap{"Dockerfile", where,
              "'" + (f && f->dockerfile.value ? *f->dockerfile.value : std::string()) +
                  "' is not among the analysed files"});
    }
    if (!g.images.empty()) {
      for (const Function& f : g.functions) {
        bool image = f.package_type.value && *f.package_type.value == "Image";
        if (!image || f.dockerfile.is_written() || g.image_of(f.id)) continue;
        to[f.id].gaps.push_back(Gap{"image", f.package_type.written.value_or(f.header),
                                    "no Dockerfile is linked to it; name one in .rightfit.yaml "
                                    "(images: {" +
                                        f.id.name + ": path/to/Dockerfile})"});
      }
    }
  }

  Finding report(const EntityId& id, ResourceGaps& r) const {
    // The same property can be reached twice (a queue consumed by two functions).
    std::vector<Gap> gaps;
    for (Gap& g : r.gaps) {
      bool seen = false;
      for (const Gap& k : gaps) seen = seen || k.property == g.property;
      if (!seen) gaps.push_back(std::move(g));
    }
    std::string message = "'" + id.name + "': ";
    std::string substance;
    for (size_t i = 0; i < gaps.size(); ++i) {
      if (i) message += "; ";
      message += gaps[i].property + " is not statically known (" + gaps[i].reason + ")";
      substance += gaps[i].property + ";";
    }
    message += ", so the rules that need it were skipped for this resource";
    Finding f = diag(gaps.front().where, message);
    f.subject = id;
    f.substance = substance;
    for (size_t i = 1; i < gaps.size(); ++i) {
      f.related.push_back({gaps[i].where, gaps[i].property + " is written here"});
    }
    return f;
  }
};

}  // namespace

std::unique_ptr<Check> make_unresolved_reference() {
  return std::make_unique<UnresolvedReferenceCheck>();
}

}  // namespace rightfit
