// A per-prompt quality fixture: arithmetic (which the in-house model answers right in these tests) and proofs
// (which it gets wrong), varied by `i` so no two prompts are the same.

export const easyMath = (i: number) => [`What is ${i} + ${i * 3}?`, `Add ${i * 7} and ${i + 11}.`, `What is ${i} times ${i + 2}?`, `Subtract ${i} from ${i * 9}.`][i % 4]!;

export const hardMath = (i: number) =>
  [
    `Prove that there are infinitely many primes of the form 4k+${(i % 2) * 2 + 1}.`,
    `Compute the integral of x^${(i % 5) + 2} e^x dx and prove convergence.`,
    `Prove that the sequence a_n = (1 + 1/n)^n converges, case ${i}.`,
    `Show that every group of order ${i * 2 + 3} is cyclic and prove it.`,
  ][i % 4]!;
