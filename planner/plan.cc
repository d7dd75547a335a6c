#include "planner/plan.h"

namespace mesh::plan {

Summary Plan::summary() const {
  Summary s;
  for (const ResourceChange& c : changes) {
    switch (c.action) {
      case Action::Create:
        ++s.add;
        break;
      case Action::Update:
        ++s.change;
        break;
      case Action::DeleteCreate:
      case Action::CreateDelete:
        ++s.replace;
        break;
      case Action::Delete:
        ++s.destroy;
        break;
      case Action::NoOp:
        break;
    }
  }
  return s;
}

}  // namespace mesh::plan
