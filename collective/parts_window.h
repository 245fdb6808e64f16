#pragma once
// Sum reduce-scatters of int64 buffers whose adding the caller does itself, with the other ranks'
// blocks read where they lie when the backend can (ranks sharing a host read each other's buffers
// in shared memory), copied where it cannot. The boosting histograms travel this way: each rank
// builds a node's whole local histogram into the window, exchange() makes the blocks of its part
// readable, and it adds them up while unpacking.
//
//   auto buffer = window->acquire(n);           // collective; write this rank's data into it
//   auto x = window->exchange(offset, counts);  // collective, as many as needed
//   x->wait();  ... read x->block(r) for r != rank ...
//   window->release();                          // done reading every exchange since acquire
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "collective/communicator.h"

namespace dpt {

// One exchange of a window: the other ranks' blocks of this rank's part.
class PartsExchange {
 public:
  virtual ~PartsExchange() = default;
  virtual void wait() = 0;
  // After wait(): rank r's (r != this rank) counts[rank] elements of this rank's part.
  virtual const std::int64_t* block(int r) const = 0;
};

class PartsWindow {
 public:
  virtual ~PartsWindow() = default;
  // This rank's buffer, at least `count` elements (contents undefined). Collective, with the same
  // count on every rank; waits until every rank has released what it read of the last ones.
  virtual std::span<std::int64_t> acquire(std::size_t count) = 0;
  // Makes elements [offset, offset + sum(counts)) of every rank's buffer readable by block, laid
  // out as for Communicator::exchange_parts_async (counts[r] elements of rank r's part, in rank
  // order). Collective, in the same order everywhere; the range stays untouched until release().
  virtual std::unique_ptr<PartsExchange> exchange(std::size_t offset, std::span<const std::size_t> counts) = 0;
  // This rank has read all it needs from every exchange since acquire(). Collective; does not wait.
  virtual void release() = 0;
};

// A window of this rank's own memory whose blocks travel by Communicator::exchange_parts_async:
// any backend, any placement of the ranks.
std::unique_ptr<PartsWindow> copying_parts_window(Communicator& comm);

}  // namespace dpt
