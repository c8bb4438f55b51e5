package dev.paddock.leader;

import java.time.Duration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Work for the leader alone, at a fixed delay its feature's properties record gives: every control
 * plane schedules it, and only the leader's runs do anything. The first run comes a minute after
 * the start at most, so a restarted control plane does not wait a whole interval.
 */
public abstract class LeaderTask implements SchedulingConfigurer {

  private static final Duration FIRST_AT_MOST = Duration.ofMinutes(1);

  private final Leadership leadership;
  private final Duration interval;

  protected LeaderTask(Leadership leadership, Duration interval) {
    this.leadership = leadership;
    this.interval = interval;
  }

  /** One run, on the leader; may throw, the next run comes an interval later all the same. */
  protected abstract void run();

  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    Duration first = interval.compareTo(FIRST_AT_MOST) < 0 ? interval : FIRST_AT_MOST;
    tasks.addFixedDelayTask(new FixedDelayTask(this::runIfLeader, interval, first));
  }

  private void runIfLeader() {
    if (leadership.isLeader()) {
      run();
    }
  }
}
