int cmd_bench_dashboard(int argc, char **argv);
int cmd_bench_dashboard(int argc, char **argv) { (void)argc; (void)argv; return 2; }
