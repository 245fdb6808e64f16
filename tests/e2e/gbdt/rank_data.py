"""Ranking data for the e2e tests and the benchmark: query groups of varied sizes (1 to ~40 rows,
and a few large ones placed so that the natural byte cuts of 2 and 3 shards fall inside them),
relevance grades 0..4 that depend on the features, written as libsvm (qid:N) or csv (label, qid,
features)."""
import random


def make_groups(rows, features, seed, large_at=(), large_size=150, max_size=40):
    """[(qid, [(label, [values])])]: groups of 1..max_size rows; a group of large_size rows starts
    where the rows written so far pass each fraction in large_at."""
    rng = random.Random(seed)
    weights = [rng.uniform(-1, 1) for _ in range(features)]
    groups, total, qid = [], 0, 0
    pending = sorted(large_at)
    while total < rows:
        size = rng.randint(1, max_size)
        if pending and total >= pending[0] * rows:
            size = large_size
            pending.pop(0)
        qid += rng.randint(1, 3)  # qids ascend with gaps, as real query ids do
        shift = rng.gauss(0, 0.5)  # each query has its own level: only the order inside counts
        members = []
        for _ in range(size):
            x = [round(rng.uniform(-1, 1), 4) for _ in range(features)]
            score = sum(w * v for w, v in zip(weights, x)) + x[0] * x[1] + shift + rng.gauss(0, 0.4)
            members.append((max(0, min(4, int(score + 2.0))), x))
        groups.append((qid, members))
        total += size
    return groups


def libsvm_lines(groups):
    return ["%d qid:%d %s\n" % (label, qid, " ".join("%d:%g" % (i, v) for i, v in enumerate(x)))
            for qid, members in groups for label, x in members]


def csv_lines(groups):
    return ["%d,%d,%s\n" % (label, qid, ",".join("%g" % v for v in x))
            for qid, members in groups for label, x in members]


def write(path, lines):
    with open(path, "w") as f:
        f.writelines(lines)


def cuts_inside_groups(lines, groups, parts_list=(2, 3)):
    """Whether every natural byte cut (total * p / n, moved to the next line start) of each shard
    count lands on a line that continues a group rather than starting one."""
    starts, offset, row = set(), 0, 0
    line_offsets = []
    for line in lines:
        line_offsets.append(offset)
        offset += len(line.encode())
    for _, members in groups:
        starts.add(row)
        row += len(members)
    total = offset
    for n in parts_list:
        for p in range(1, n):
            cut = total * p // n
            line = next(i for i, o in enumerate(line_offsets + [total]) if o >= cut)
            if line >= len(lines) or line in starts:
                return False
    return True
