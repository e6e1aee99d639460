// Preloaded (`node --import`) into a process whose peak memory a benchmark reports:
// prints the process's own maximum resident set size to stderr as it exits.
process.on("exit", () => {
  process.stderr.write(`\nPEAK_RSS_KIB ${process.resourceUsage().maxRSS}\n`);
});
