// The final model check: identical bytes pass; any rank that differs from rank 0 makes every rank
// throw the same error naming it.
#include <sstream>

#include "collective/factory.h"
#include "common/error.h"
#include "common/log.h"
#include "mpi_test_support.h"
#include "worker/model_agreement.h"

namespace dpt {
namespace {

class ModelAgreement : public testing::MpiTest {
 protected:
  std::unique_ptr<Communicator> comm = make_communicator("mpi");
  std::ostringstream out, err;
  Log log{comm->rank(), comm->world_size(), out, err};

  std::string caught(const std::string& model) {
    try {
      check_models_agree(*comm, model, log);
    } catch (const UserError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(ModelAgreement, IdenticalModelsPass) {
  EXPECT_EQ(caught(std::string(100000, 'm')), "");
  if (comm->rank() == 0) {
    EXPECT_NE(out.str().find("agreed by all"), std::string::npos);
  }
}

TEST_F(ModelAgreement, DifferingRanksAreNamedOnEveryRank) {
  // Ranks 2 and up flip one byte in the middle of the model.
  std::string model(100000, 'm');
  if (comm->rank() >= 2) model[50000] = 'n';
  const std::string message = caught(model);
  if (comm->world_size() <= 2) {
    EXPECT_EQ(message, "");
    return;
  }
  EXPECT_NE(message.find("rank(s) 2 ("), std::string::npos) << message;
  EXPECT_EQ(message.find(" 1 ("), std::string::npos) << message;  // rank 1 agrees with rank 0
  if (comm->world_size() == 4) {
    EXPECT_NE(message.find(", 3 ("), std::string::npos) << message;
  }
}

TEST_F(ModelAgreement, LengthAloneIsADifference) {
  const std::string model(comm->rank() == comm->world_size() - 1 && comm->rank() > 0 ? 11 : 10, 'm');
  const std::string message = caught(model);
  EXPECT_EQ(message.empty(), comm->world_size() == 1) << message;
}

}  // namespace
}  // namespace dpt
