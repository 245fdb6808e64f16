#pragma once
// In-place float sums over the ranks of fixed ranges of one long-lived buffer (the gradient
// buckets), for backends that let ranks read each other's memory: each rank sums its share of a
// range from every rank's buffer where it lies, then copies the other shares' sums, so nothing
// is sent but zero-byte notes. Every share is summed by one rank in rank order, so all ranks end
// with the same bits.
//
//   auto window = comm.sum_window(n);   // collective; nullptr where the backend cannot
//   window->acquire();                  // before writing: the others have read the last round
//   ... write window->buffer() ...
//   auto s = window->sum_async(offset, count);  // collective, same order everywhere
//   s->progress(); ...  s->wait();              // buffer()[offset, offset + count) holds the sum
//   window->release();                  // this rank has all its sums of the round
#include <cstddef>
#include <span>

#include "collective/communicator.h"

namespace dpt {

class SumWindow {
 public:
  virtual ~SumWindow() = default;
  virtual std::span<float> buffer() = 0;  // this rank's buffer, valid for the window's life
  // Waits until every rank has released the last round (no one still reads this buffer).
  virtual void acquire() = 0;
  // Starts summing elements [offset, offset + count) over the ranks; moves in progress() and
  // wait() (on the caller's thread). The range must be written and stay untouched until done.
  virtual Pending sum_async(std::size_t offset, std::size_t count) = 0;
  // This rank has waited for every sum since acquire(). Collective; does not wait.
  virtual void release() = 0;
};

}  // namespace dpt
