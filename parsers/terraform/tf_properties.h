// Reading attributes of a Terraform block into positioned facts.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parsers/terraform/module_instance.h"
#include "parsers/workload_facts.h"

namespace rightfit::tf {

// A block of the HCL and the planned values of the same resource instance (a Terraform
// plan's body): what HCL evaluation cannot know, the plan may.
struct PlannedBody {
  const hcl::Body* hcl;
  const hcl::Body* plan;
};

// Attribute reader for one block of one module instance (and its current iteration).
struct Props {
  const ModuleInstance& m;
  const ParsedFile& file;
  const Iteration* iteration;
  const PlannedBody* planned = nullptr;

  // An attribute of `body` evaluated; when HCL cannot know it and `body` is the planned
  // block, the planned value (or why the plan does not know it) with the attribute's origin.
  Value value(const hcl::Body& body, const hcl::Attribute& a) const;
  // Absent or null: not written (a default applies). Unknown: written, unresolved.
  Property<double> number(const hcl::Body& body, std::string_view name) const;
  // Lists give their first item (`architectures = ["arm64"]`).
  Property<std::string> string(const hcl::Body& body, std::string_view name) const;
  // Every resource referenced by the block's attributes and nested blocks.
  std::vector<Reference> references(const hcl::Body& body) const;
  Props with(const Iteration* it) const { return Props{m, file, it ? it : iteration, planned}; }
};

// Where attribute `name` goes in `block` when it is absent, in the style `terraform fmt` keeps:
// first in the body at its attributes' indentation, its `=` aligned with the attribute below
// when that one's alignment leaves room, else followed by a blank line (a group of its own).
// In `*.tf.json`, before the first attribute (JSON stays JSON). nullopt for a block on one line
// of HCL, an empty JSON body, and a resource read from a plan (ParsedFile::planned).
std::optional<ValueSlot> new_attribute_slot(const ParsedFile& file, const hcl::Block& block,
                                            std::string_view name);

// Right after `block` of `file`, where a fix adds new blocks beside it (a blank line before
// each); nullopt for `*.tf.json`, a plan, and a file with a syntax error.
std::optional<BlockSlot> after_block_slot(const ParsedFile& file, const hcl::Block& block);

// A value as a property: where it was written and its number or the reason it is unknown.
Property<double> number_property(const Value& v);
Property<std::string> string_property(const Value& v);

// The first instance of a resource/module with `count` or `for_each` (name empty when it has
// neither); nullopt when it has no instance at all (count = 0, empty for_each).
std::optional<Iteration> first_instance(const ModuleInstance& m, const hcl::Block& block,
                                        const ParsedFile& file);

// Nested blocks of `type`, static ones and `dynamic "type"` expansions of known collections.
struct NestedBlock {
  const hcl::Body* body;
  Span header;
  std::shared_ptr<Iteration> iteration;  // the dynamic block's iterator, if any
};
std::vector<NestedBlock> nested_blocks(const ModuleInstance& m, const hcl::Body& body,
                                       std::string_view type, const Props& p);

}  // namespace rightfit::tf
