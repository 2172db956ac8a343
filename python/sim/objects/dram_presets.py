"""gem5's DRAM presets (``src/mem/DRAMInterface.py``): each a DRAMInterface
subclass setting a device's geometry, timings, IDD currents and voltages, used as
``MemCtrl(dram=DDR4_2400_8x8(range=...))`` or ``DDR3_1600_8x8().controller()``.
The values are gem5's, so timing and DRAMPower energy agree with gem5's runs."""

from sim.objects.dram import DRAMInterface, MemCtrl


class DDR3_1600_8x8(DRAMInterface):
    device_size = "512MiB"
    device_bus_width = 8
    burst_length = 8
    device_rowbuffer_size = "1KiB"
    devices_per_rank = 8
    ranks_per_channel = 2
    banks_per_rank = 8
    tCK = "1.25ns"
    tBURST = "5ns"
    tRCD = "13.75ns"
    tCL = "13.75ns"
    tRP = "13.75ns"
    tRAS = "35ns"
    tRRD = "6ns"
    tXAW = "30ns"
    activation_limit = 4
    tRFC = "260ns"
    tWR = "15ns"
    tWTR = "7.5ns"
    tRTP = "7.5ns"
    tRTW = "2.5ns"
    tCS = "2.5ns"
    tREFI = "7.8us"
    tXP = "6ns"
    tXS = "270ns"
    IDD0 = "55mA"
    IDD2N = "32mA"
    IDD3N = "38mA"
    IDD4W = "125mA"
    IDD4R = "157mA"
    IDD5 = "235mA"
    IDD3P1 = "38mA"
    IDD2P1 = "32mA"
    IDD6 = "20mA"
    VDD = "1.5V"


class HMC_2500_1x32(DDR3_1600_8x8):
    device_size = "8MiB"
    device_bus_width = 32
    burst_length = 8
    device_rowbuffer_size = "256B"
    devices_per_rank = 1
    ranks_per_channel = 4
    banks_per_rank = 2
    tCK = "0.8ns"
    tBURST = "3.2ns"
    tRCD = "10.2ns"
    tCL = "9.9ns"
    tRP = "7.7ns"
    tRAS = "21.6ns"
    tRRD = "3.2ns"
    activation_limit = 0
    tRFC = "59ns"
    tWR = "8ns"
    tRTP = "4.9ns"
    tCS = "0.8ns"
    tREFI = "3.9us"
    page_policy = "close_adaptive"
    addr_mapping = "RoCoRaBaCh"
    write_buffer_size = 32
    read_buffer_size = 32

    def controller(self) -> MemCtrl:
        """A controller for this interface, with gem5's HMC vault settings."""
        controller = MemCtrl(min_writes_per_switch=8, static_backend_latency="4ns",
                             static_frontend_latency="4ns")
        controller.dram = self
        return controller


class DDR3_2133_8x8(DDR3_1600_8x8):
    tCK = "0.938ns"
    tBURST = "3.752ns"
    tRCD = "13.09ns"
    tCL = "13.09ns"
    tRP = "13.09ns"
    tRAS = "33ns"
    tRRD = "5ns"
    tXAW = "25ns"
    IDD0 = "70mA"
    IDD2N = "37mA"
    IDD3N = "44mA"
    IDD4W = "157mA"
    IDD4R = "191mA"
    IDD5 = "250mA"
    IDD3P1 = "44mA"
    IDD2P1 = "43mA"
    IDD6 = "20mA"
    VDD = "1.5V"


class DDR4_2400_16x4(DRAMInterface):
    device_size = "1GiB"
    device_bus_width = 4
    burst_length = 8
    device_rowbuffer_size = "512B"
    devices_per_rank = 16
    ranks_per_channel = 2
    bank_groups_per_rank = 4
    banks_per_rank = 16
    write_buffer_size = 128
    read_buffer_size = 64
    tCK = "0.833ns"
    tBURST = "3.332ns"
    tCCD_L = "5ns"
    tRCD = "14.16ns"
    tCL = "14.16ns"
    tRP = "14.16ns"
    tRAS = "32ns"
    tRRD = "3.332ns"
    tRRD_L = "4.9ns"
    tXAW = "13.328ns"
    activation_limit = 4
    tRFC = "350ns"
    tWR = "15ns"
    tWTR = "5ns"
    tRTP = "7.5ns"
    tRTW = "1.666ns"
    tCS = "1.666ns"
    tREFI = "7.8us"
    tXP = "6ns"
    tXS = "340ns"
    IDD0 = "43mA"
    IDD02 = "3mA"
    IDD2N = "34mA"
    IDD3N = "38mA"
    IDD3N2 = "3mA"
    IDD4W = "103mA"
    IDD4R = "110mA"
    IDD5 = "250mA"
    IDD3P1 = "32mA"
    IDD2P1 = "25mA"
    IDD6 = "30mA"
    VDD = "1.2V"
    VDD2 = "2.5V"


class DDR4_2400_8x8(DDR4_2400_16x4):
    device_bus_width = 8
    device_rowbuffer_size = "1KiB"
    devices_per_rank = 8
    tRRD_L = "4.9ns"
    tXAW = "21ns"
    IDD0 = "48mA"
    IDD3N = "43mA"
    IDD4W = "123mA"
    IDD4R = "135mA"
    IDD3P1 = "37mA"


class DDR4_2400_4x16(DDR4_2400_16x4):
    device_bus_width = 16
    device_rowbuffer_size = "2KiB"
    devices_per_rank = 4
    ranks_per_channel = 1
    bank_groups_per_rank = 2
    banks_per_rank = 8
    tRRD = "5.3ns"
    tRRD_L = "6.4ns"
    tXAW = "30ns"
    IDD0 = "80mA"
    IDD02 = "4mA"
    IDD2N = "34mA"
    IDD3N = "47mA"
    IDD4W = "228mA"
    IDD4R = "243mA"
    IDD5 = "280mA"
    IDD3P1 = "41mA"


class LPDDR2_S4_1066_1x32(DRAMInterface):
    dll = False
    device_size = "512MiB"
    device_bus_width = 32
    burst_length = 8
    device_rowbuffer_size = "1KiB"
    devices_per_rank = 1
    ranks_per_channel = 1
    banks_per_rank = 8
    tCK = "1.876ns"
    tRCD = "15ns"
    tCL = "15ns"
    tRP = "15ns"
    tRAS = "42ns"
    tWR = "15ns"
    tRTP = "7.5ns"
    tBURST = "7.5ns"
    tRFC = "130ns"
    tREFI = "3.9us"
    tXP = "7.5ns"
    tXS = "140ns"
    tWTR = "7.5ns"
    tRTW = "3.75ns"
    tCS = "3.75ns"
    tRRD = "10.0ns"
    tXAW = "50ns"
    activation_limit = 4
    IDD0 = "15mA"
    IDD02 = "70mA"
    IDD2N = "2mA"
    IDD2N2 = "30mA"
    IDD3N = "2.5mA"
    IDD3N2 = "30mA"
    IDD4W = "10mA"
    IDD4W2 = "190mA"
    IDD4R = "3mA"
    IDD4R2 = "220mA"
    IDD5 = "40mA"
    IDD52 = "150mA"
    IDD3P1 = "1.2mA"
    IDD3P12 = "8mA"
    IDD2P1 = "0.6mA"
    IDD2P12 = "0.8mA"
    IDD6 = "1mA"
    IDD62 = "3.2mA"
    VDD = "1.8V"
    VDD2 = "1.2V"


class WideIO_200_1x128(DRAMInterface):
    dll = False
    device_size = "1024MiB"
    device_bus_width = 128
    burst_length = 4
    device_rowbuffer_size = "4KiB"
    devices_per_rank = 1
    ranks_per_channel = 1
    banks_per_rank = 4
    tCK = "5ns"
    tRCD = "18ns"
    tCL = "18ns"
    tRP = "18ns"
    tRAS = "42ns"
    tWR = "15ns"
    tRTP = "20ns"
    tBURST = "20ns"
    tRFC = "210ns"
    tREFI = "3.9us"
    tWTR = "15ns"
    tRTW = "10ns"
    tCS = "10ns"
    tRRD = "10.0ns"
    tXAW = "50ns"
    activation_limit = 2


class LPDDR3_1600_1x32(DRAMInterface):
    dll = False
    device_size = "512MiB"
    device_bus_width = 32
    burst_length = 8
    device_rowbuffer_size = "4KiB"
    devices_per_rank = 1
    ranks_per_channel = 1
    banks_per_rank = 8
    tCK = "1.25ns"
    tRCD = "18ns"
    tCL = "15ns"
    tRAS = "42ns"
    tWR = "15ns"
    tRTP = "7.5ns"
    tRP = "18ns"
    tBURST = "5ns"
    tRFC = "130ns"
    tREFI = "3.9us"
    tXP = "7.5ns"
    tXS = "140ns"
    tWTR = "7.5ns"
    tRTW = "2.5ns"
    tCS = "2.5ns"
    tRRD = "10.0ns"
    tXAW = "50ns"
    activation_limit = 4
    IDD0 = "8mA"
    IDD02 = "60mA"
    IDD2N = "0.8mA"
    IDD2N2 = "26mA"
    IDD3N = "2mA"
    IDD3N2 = "34mA"
    IDD4W = "2mA"
    IDD4W2 = "190mA"
    IDD4R = "2mA"
    IDD4R2 = "230mA"
    IDD5 = "28mA"
    IDD52 = "150mA"
    IDD3P1 = "1.4mA"
    IDD3P12 = "11mA"
    IDD2P1 = "0.8mA"
    IDD2P12 = "1.8mA"
    IDD6 = "0.5mA"
    IDD62 = "1.8mA"
    VDD = "1.8V"
    VDD2 = "1.2V"


class GDDR5_4000_2x32(DRAMInterface):
    device_size = "128MiB"
    device_bus_width = 32
    burst_length = 8
    device_rowbuffer_size = "256B"
    devices_per_rank = 2
    ranks_per_channel = 1
    bank_groups_per_rank = 4
    banks_per_rank = 16
    tCK = "1ns"
    tBURST = "2ns"
    tCCD_L = "3ns"
    tRCD = "12ns"
    tCL = "12ns"
    tRP = "12ns"
    tRAS = "28ns"
    tRRD = "6ns"
    tRRD_L = "6ns"
    tXAW = "23ns"
    activation_limit = 0
    tRFC = "65ns"
    tWR = "12ns"
    tWTR = "5ns"
    tRTP = "2ns"
    tRTW = "2ns"


class HBM_1000_4H_1x128(DRAMInterface):
    device_bus_width = 128
    burst_length = 4
    device_size = "128MiB"
    device_rowbuffer_size = "2KiB"
    devices_per_rank = 1
    ranks_per_channel = 1
    banks_per_rank = 8
    bank_groups_per_rank = 0
    tCK = "2ns"
    tRP = "15ns"
    tRCD = "15ns"
    tCL = "15ns"
    tRAS = "33ns"
    tBURST = "4ns"
    tRFC = "160ns"
    tREFI = "3.9us"
    tWR = "18ns"
    tRTP = "7.5ns"
    tWTR = "10ns"
    tRTW = "4ns"
    tCS = "0ns"
    tRRD = "4ns"
    tXAW = "30ns"
    activation_limit = 4
    tXP = "8ns"
    tXS = "168ns"


class HBM_1000_4H_1x64(HBM_1000_4H_1x128):
    device_bus_width = 64
    burst_length = 4
    device_size = "256MiB"
    device_rowbuffer_size = "1KiB"
    banks_per_rank = 16
    tRFC = "260ns"
    tXS = "65ns"
    tCS = "2ns"
    tREFI = "3.9us"
    tXP = "10ns"


class HBM_2000_4H_1x64(DRAMInterface):
    device_bus_width = 64
    burst_length = 4
    device_size = "256MiB"
    device_rowbuffer_size = "1KiB"
    devices_per_rank = 1
    ranks_per_channel = 1
    banks_per_rank = 16
    bank_groups_per_rank = 4
    tCK = "1ns"
    tRP = "14ns"
    tCCD_L = "3ns"
    tRCD = "12ns"
    tRCD_WR = "6ns"
    tCL = "18ns"
    tCWL = "7ns"
    tRAS = "28ns"
    tBURST = "2ns"
    tRFC = "220ns"
    tREFI = "3.9us"
    tWR = "14ns"
    tRTP = "5ns"
    tWTR = "4ns"
    tWTR_L = "9ns"
    tRTW = "18ns"
    tAAD = "1ns"
    tCS = "0ns"
    tRRD = "4ns"
    tRRD_L = "6ns"
    tXAW = "16ns"
    activation_limit = 4
    tXP = "8ns"
    tXS = "216ns"
    page_policy = "close_adaptive"
    read_buffer_size = 64
    write_buffer_size = 64
    two_cycle_activate = True


class DDR5_4400_4x8(DRAMInterface):
    device_size = "512MiB"
    device_bus_width = 8
    burst_length = 16
    device_rowbuffer_size = "256B"
    devices_per_rank = 4
    ranks_per_channel = 1
    bank_groups_per_rank = 8
    banks_per_rank = 32
    write_buffer_size = 64
    read_buffer_size = 64
    tCK = "0.454ns"
    tBURST = "3.632ns"
    tCCD_L = "5ns"
    tRCD = "14.545ns"
    tCL = "14.545ns"
    tCWL = "13.637ns"
    tRP = "14.545ns"
    tRAS = "32ns"
    tRRD = "3.632ns"
    tRRD_L = "5ns"
    tXAW = "14.545ns"
    activation_limit = 4
    tCS = "1ns"
    tRFC = "295ns"
    tPPD = "0.908ns"
    tWR = "30ns"
    tRTW = "2.497ns"
    tWTR_L = "23.637ns"
    tWTR = "16.137ns"
    tRTP = "7.5ns"
    tREFI = "3.9us"
    tXP = "7.5ns"
    tXS = "295ns"
    page_policy = "close_adaptive"
    IDD0 = "122mA"
    IDD2P0 = "88mA"
    IDD2N = "92mA"
    IDD3P0 = "140mA"
    IDD3N = "142mA"
    IDD4W = "479mA"
    IDD4R = "530mA"
    IDD5 = "277mA"
    IDD6 = "102mA"
    VDD = "1.1V"


class DDR5_6400_4x8(DDR5_4400_4x8):
    tCK = "0.312ns"
    tBURST = "2.496ns"
    tRCD = "14.375ns"
    tCL = "14.375ns"
    tCWL = "13.751ns"
    tRP = "14.375ns"
    tRRD = "2.496ns"
    tRRD_L = "5ns"
    tXAW = "10ns"
    tRTW = "1.716ns"
    tWTR_L = "23.751ns"
    tWTR = "16.251ns"


class DDR5_8400_4x8(DDR5_4400_4x8):
    tCK = "0.238ns"
    tBURST = "1.904ns"
    tRCD = "14.285ns"
    tCL = "14.285ns"
    tCWL = "13.809ns"
    tRP = "14.285ns"
    tRRD = "1.904ns"
    tXAW = "10ns"
    tRTW = "1.309ns"
    tWTR_L = "23.809ns"
    tWTR = "16.309ns"


class LPDDR5_5500_1x16_BG_BL32(DRAMInterface):
    read_buffer_size = 64
    page_policy = "close_adaptive"
    device_bus_width = 16
    burst_length = 32
    device_size = "1GiB"
    device_rowbuffer_size = "2KiB"
    devices_per_rank = 1
    ranks_per_channel = 1
    banks_per_rank = 16
    bank_groups_per_rank = 4
    tCK = "1.455ns"
    tRCD = "18ns"
    tCL = "23.280ns"
    tRP = "18ns"
    tRAS = "42ns"
    tWR = "34ns"
    tXP = "7ns"
    tXS = "217.5ns"
    tRTP = "4.59ns"
    tBURST = "8.73ns"
    tBURST_MIN = "2.91ns"
    tBURST_MAX = "11.64ns"
    tCCD_L = "11.64ns"
    tRFC = "210ns"
    tREFI = "3.9us"
    tWTR = "6.25ns"
    tWTR_L = "12ns"
    tRTW = "1.455ns"
    tCS = "2.91ns"
    tPPD = "2.91ns"
    tRRD = "5ns"
    tRRD_L = "5ns"
    tXAW = "20ns"
    activation_limit = 4
    beats_per_clock = 8
    two_cycle_activate = True
    tAAD = "11.640ns"
    data_clock_sync = True


class LPDDR5_5500_1x16_BG_BL16(LPDDR5_5500_1x16_BG_BL32):
    burst_length = 16
    tBURST = "2.91ns"
    tBURST_MIN = "2.91ns"
    tBURST_MAX = "5.82ns"
    tCCD_L = "5.82ns"


class LPDDR5_5500_1x16_8B_BL32(LPDDR5_5500_1x16_BG_BL32):
    device_rowbuffer_size = "4KiB"
    banks_per_rank = 8
    bank_groups_per_rank = 0
    tBURST = "5.82ns"
    tBURST_MIN = "5.82ns"
    tBURST_MAX = "5.82ns"
    tWTR = "12ns"
    tRRD = "10ns"
    tXAW = "40ns"
    activation_limit = 4
    tCCD_L = "0ns"
    tRRD_L = "0ns"
    tWTR_L = "0ns"


class LPDDR5_6400_1x16_BG_BL32(LPDDR5_5500_1x16_BG_BL32):
    tCK = "1.25ns"
    tCL = "21.25ns"
    tBURST = "7.5ns"
    tBURST_MIN = "2.5ns"
    tBURST_MAX = "10ns"
    tCCD_L = "10ns"
    tRTW = "1.25ns"
    tCS = "2.5ns"
    tPPD = "2.5ns"
    tAAD = "10ns"


class LPDDR5_6400_1x16_BG_BL16(LPDDR5_6400_1x16_BG_BL32):
    burst_length = 16
    tBURST = "2.5ns"
    tBURST_MIN = "2.5ns"
    tBURST_MAX = "5ns"
    tCCD_L = "5ns"


class LPDDR5_6400_1x16_8B_BL32(LPDDR5_6400_1x16_BG_BL32):
    device_rowbuffer_size = "4KiB"
    banks_per_rank = 8
    bank_groups_per_rank = 0
    tBURST = "5ns"
    tBURST_MIN = "5ns"
    tBURST_MAX = "5ns"
    tWTR = "12ns"
    tRRD = "10ns"
    tXAW = "40ns"
    activation_limit = 4
    tCCD_L = "0ns"
    tRRD_L = "0ns"
    tWTR_L = "0ns"
