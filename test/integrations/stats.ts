// What an integration server (server.js) saw for one key.
export interface Seen {
  requests: number;
  open: number;
  authorization: (string | null)[];
  lastEventIds: (string | null)[];
}

export const seen = async (key: string): Promise<Seen> => (await fetch(`/integrations/stats?key=${encodeURIComponent(key)}`)).json() as Promise<Seen>;
