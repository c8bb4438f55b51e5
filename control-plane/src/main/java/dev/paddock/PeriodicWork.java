package dev.paddock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The control plane's periodic work (sampling, the resync, log collection, memory pressure,
 * retention), each task on a thread of its own. With virtual threads on, Spring's own scheduler
 * runs every fixed-delay task on one shared thread: a sampling pass waiting out a slow sandbox's
 * reading held back log collection, crash recovery and leak recycling for every other tenant.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class PeriodicWork {

  /** As many as there are periodic tasks, so that none waits for another. */
  static final int THREADS = 12;

  @Bean
  ThreadPoolTaskScheduler taskScheduler() {
    var scheduler = new ThreadPoolTaskScheduler();
    scheduler.setPoolSize(THREADS);
    scheduler.setThreadNamePrefix("periodic-");
    scheduler.setDaemon(true);
    return scheduler;
  }
}
