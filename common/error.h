#pragma once
// Errors a person can act on. UserError means "the input or the job is wrong" (bad file, bad
// hyperparameter); anything else reaching main is a defect or an environment failure.
#include <stdexcept>
#include <string>

namespace dpt {

class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "file:line:column: what" — the form every input error uses (line/column 0 = unknown).
std::string at_location(const std::string& file, std::size_t line, std::size_t column,
                        const std::string& what);

}  // namespace dpt
