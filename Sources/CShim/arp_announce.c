/* A gratuitous ARP from inside a container's network namespace (cshim_arp.h). */
#include "cshim_arp.h"
#include "cshim_netlink.h"
#include <arpa/inet.h>
#include <errno.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netpacket/packet.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

struct arp_ipv4 {
    struct arphdr header;
    unsigned char sender_mac[ETH_ALEN];
    unsigned char sender_ip[4];
    unsigned char target_mac[ETH_ALEN];
    unsigned char target_ip[4];
} __attribute__((packed));

/* The ARP request a peer reads as "address is at `mac`". */
static void fill_announcement(struct arp_ipv4 *packet, const unsigned char *mac, uint32_t address) {
    memset(packet, 0, sizeof *packet);
    packet->header.ar_hrd = htons(ARPHRD_ETHER);
    packet->header.ar_pro = htons(ETHERTYPE_IP);
    packet->header.ar_hln = ETH_ALEN;
    packet->header.ar_pln = 4;
    packet->header.ar_op = htons(ARPOP_REQUEST);
    memcpy(packet->sender_mac, mac, ETH_ALEN);
    memcpy(packet->sender_ip, &address, 4);
    memcpy(packet->target_ip, &address, 4);
}

int cshim_announce_ipv4(int netns_fd, const char *ifname, uint32_t address) {
    if (strlen(ifname) >= IFNAMSIZ) return -ENAMETOOLONG;
    int sock = cshim_socket_in_netns(netns_fd, AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_ARP));
    if (sock < 0) return sock;
    struct ifreq request;
    memset(&request, 0, sizeof request);
    strcpy(request.ifr_name, ifname);
    struct arp_ipv4 packet;
    int result = ioctl(sock, SIOCGIFHWADDR, &request) == 0 ? 0 : -errno;
    if (result == 0) {
        fill_announcement(&packet, (const unsigned char *)request.ifr_hwaddr.sa_data, address);
        result = ioctl(sock, SIOCGIFINDEX, &request) == 0 ? 0 : -errno;
    }
    if (result == 0) {
        struct sockaddr_ll destination;
        memset(&destination, 0, sizeof destination);
        destination.sll_family = AF_PACKET;
        destination.sll_protocol = htons(ETH_P_ARP);
        destination.sll_ifindex = request.ifr_ifindex;
        destination.sll_halen = ETH_ALEN;
        memset(destination.sll_addr, 0xff, ETH_ALEN);
        if (sendto(sock, &packet, sizeof packet, 0, (struct sockaddr *)&destination, sizeof destination) < 0) result = -errno;
    }
    close(sock);
    return result;
}
