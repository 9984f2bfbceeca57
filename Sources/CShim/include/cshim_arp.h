#ifndef CSHIM_ARP_H
#define CSHIM_ARP_H
#include <stdint.h>

/* Sends one gratuitous ARP request (sender and target both `address`, network byte order)
 * out of interface `ifname` of network namespace `netns_fd`, from the interface's own MAC,
 * to the broadcast address: what a hypervisor sends for a guest it has just moved. Peers
 * that hold an entry for the address (a failed one too) take the MAC at once. Returns 0, or
 * -errno (the stage is the caller's). */
int cshim_announce_ipv4(int netns_fd, const char *ifname, uint32_t address);

#endif
