/// Scenario files, measurements and the runner.
public enum ScenariosModule {}
