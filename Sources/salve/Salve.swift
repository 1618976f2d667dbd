import SalveCore
